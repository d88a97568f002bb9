package dev.shakedown.fleet;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports a run's config names for its own listeners (a link a cut closes and a restore reopens, a
 * store restarted on its port): a process this JVM starts on a port it picks never takes one.
 */
public final class ReservedPorts {
  private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

  private ReservedPorts() {}

  public static void reserve(Collection<Integer> ports) {
    RESERVED.addAll(ports);
  }

  public static boolean reserved(int port) {
    return RESERVED.contains(port);
  }
}
