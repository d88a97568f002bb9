package dev.shakedown.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM, handled by the run instead of the JVM's shutdown: the first starts an orderly
 * abort that reverts everything (cloud calls included, which shutdown hooks cannot wait for), the
 * second leaves at once. Through {@code sun.misc.Signal}, which the JDK still offers in module
 * jdk.unsupported; reached reflectively, as JLine does, so the build stays free of warnings about
 * internal APIs. Where it is missing, the run's shutdown hook reverts instead.
 */
final class Interrupts {
  private Interrupts() {}

  /** Handles INT and TERM; {@code onSignal} is told how many have come so far, from 1. */
  static boolean install(java.util.function.IntConsumer onSignal) {
    AtomicInteger count = new AtomicInteger();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              Interrupts.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal.accept(count.incrementAndGet());
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "shakedown interrupt handler";
                  });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : List.of("INT", "TERM")) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
      return false;
    }
  }
}
