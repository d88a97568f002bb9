package dev.shakedown.fleet;

import dev.shakedown.poll.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@link Fleet#awaitHealthy} for a cloud that is asked, again and again, what is still missing: the
 * polling, the deadline and the words of the failure, in one place for every provider.
 */
public final class HealthWait {
  private HealthWait() {}

  /**
   * @param missing null once {@code count} instances serve; otherwise what is missing, for the
   *     message, as in {@code 1 of 2 in service and healthy in group donations-eu}
   * @return how long it took
   */
  public static Duration until(
      String cloud, int count, Duration timeout, Duration interval, Supplier<String> missing) {
    Instant start = Instant.now();
    AtomicReference<String> lacking = new AtomicReference<>();
    boolean healthy;
    try {
      healthy =
          Poll.within(timeout)
              .named(count + " healthy instance(s) in cloud " + cloud)
              .every(interval)
              .until(
                  () -> {
                    lacking.set(missing.get());
                    return lacking.get() == null;
                  });
    } catch (Poll.WaitInterruptedException e) {
      throw new FleetException("interrupted while waiting for cloud '" + cloud + "'", e);
    }
    if (!healthy) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "' did not have "
              + count
              + " healthy instances within "
              + timeout.toMillis()
              + " ms: "
              + lacking.get());
    }
    return Duration.between(start, Instant.now());
  }
}
