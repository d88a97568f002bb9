package dev.shakedown.cli;

import java.util.concurrent.CountDownLatch;

/**
 * For the commands that run until Ctrl-C (demo, proxy): on SIGINT or SIGTERM, {@code stop} runs
 * before the JVM exits, and {@link #await} returns once it has.
 */
final class UntilInterrupted {
  private final CountDownLatch stopped = new CountDownLatch(1);

  UntilInterrupted(String name, Runnable stop) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                "shakedown-" + name + "-stop"));
  }

  void await() throws InterruptedException {
    stopped.await();
  }
}
