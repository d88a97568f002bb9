package dev.shakedown.runner;

import dev.shakedown.poll.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Says every long wait of the run as it goes (a replacement, a backup, a BOSH task, a read-back):
 * what it waits for, for how long so far, and at most; once a second, as a load's progress line.
 */
final class WaitsOutLoud implements AutoCloseable {
  /** A wait shorter than this is not worth a line. */
  static final Duration AFTER = Duration.ofSeconds(2);

  private final ScheduledExecutorService ticks;

  private WaitsOutLoud(ScheduledExecutorService ticks) {
    this.ticks = ticks;
  }

  static WaitsOutLoud start(RunListener listener) {
    ScheduledExecutorService ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "shakedown-waits");
              thread.setDaemon(true);
              return thread;
            });
    ticks.scheduleAtFixedRate(() -> say(listener), 1, 1, TimeUnit.SECONDS);
    return new WaitsOutLoud(ticks);
  }

  private static void say(RunListener listener) {
    Instant now = Instant.now();
    List<String> longOnes =
        Waits.now().stream()
            .filter(wait -> Duration.between(wait.since(), now).compareTo(AFTER) >= 0)
            .map(wait -> wait.describe(now))
            .toList();
    if (!longOnes.isEmpty()) {
      listener.progress(String.join("; ", longOnes));
    }
  }

  @Override
  public void close() {
    ticks.shutdownNow();
  }
}
