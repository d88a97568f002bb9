package dev.shakedown.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every wait of the harness, in one place: ask again and again until an answer comes, the time is
 * up, or a fail-fast check (the run halted, the monitor broke) throws. The attempt is always made
 * once, and once more at the deadline, so that a wait of zero asks once and a slow attempt never
 * loses the last look.
 *
 * <pre>{@code
 * Optional<Backup> newer = Poll.within(Duration.ofMinutes(1)).every(Duration.ofMillis(500))
 *     .until(() -> store.latest().filter(b -> b.takenAt().isAfter(after)));
 * }</pre>
 */
public final class Poll {
  private static final Runnable NOTHING = () -> {};

  private final Duration timeout;
  private final Duration interval;
  private final Runnable failFast;
  private final String what;

  private Poll(Duration timeout, Duration interval, Runnable failFast, String what) {
    if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "a poll needs a timeout of zero or more and an interval over zero, not "
              + timeout
              + " every "
              + interval);
    }
    this.timeout = timeout;
    this.interval = interval;
    this.failFast = failFast;
    this.what = what;
  }

  /** A wait of at most {@code timeout}, asking every 100 ms. */
  public static Poll within(Duration timeout) {
    return new Poll(timeout, Duration.ofMillis(100), NOTHING, null);
  }

  public Poll every(Duration interval) {
    return new Poll(timeout, interval, failFast, what);
  }

  /**
   * What it waits for, said while it waits ({@code cloud-a to replace cloud-a/cloud-a-1}): a wait
   * that is named is one a terminal shows, with how long it has been and may be.
   */
  public Poll named(String what) {
    return new Poll(timeout, interval, failFast, what);
  }

  /**
   * Runs {@code check} before each attempt and pause: whatever it throws ends the wait at once (a
   * halted run does not wait out a timeout).
   */
  public Poll failFast(Runnable check) {
    return new Poll(timeout, interval, check, what);
  }

  /** The first answer {@code attempt} gives; empty when the timeout passes first. */
  public <T> Optional<T> until(Supplier<Optional<T>> attempt) {
    if (what == null) {
      return look(attempt);
    }
    Waits.Active wait = Waits.begin(what, timeout);
    try {
      return look(attempt);
    } finally {
      Waits.end(wait);
    }
  }

  private <T> Optional<T> look(Supplier<Optional<T>> attempt) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      failFast.run();
      Optional<T> answer = attempt.get();
      if (answer.isPresent()) {
        return answer;
      }
      Instant now = Instant.now();
      if (!now.isBefore(deadline)) {
        return Optional.empty();
      }
      pause(min(interval, Duration.between(now, deadline)));
    }
  }

  /** Whether {@code condition} held before the timeout passed. */
  public boolean until(BooleanSupplier condition) {
    return until(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty())
        .isPresent();
  }

  /**
   * Sleeps until {@code instant}, running the fail-fast check every interval on the way: the timed
   * waits of a scenario ("for 20 seconds") end early when the run halts.
   */
  public static void sleepUntil(Instant instant, Duration interval, Runnable failFast) {
    while (true) {
      failFast.run();
      Instant now = Instant.now();
      if (!now.isBefore(instant)) {
        return;
      }
      pause(min(interval, Duration.between(now, instant)));
    }
  }

  private static Duration min(Duration a, Duration b) {
    Duration shorter = a.compareTo(b) <= 0 ? a : b;
    return shorter.isZero() ? Duration.ofMillis(1) : shorter;
  }

  private static void pause(Duration pause) {
    try {
      // Rounded up: waking a fraction early would cost one more attempt before the deadline.
      Thread.sleep(Math.max(1, (pause.toNanos() + 999_999) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WaitInterruptedException(e);
    }
  }

  /** The waiting thread was interrupted: the wait ends, the thread's interrupt flag kept. */
  public static final class WaitInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WaitInterruptedException(InterruptedException cause) {
      super("interrupted while waiting", cause);
    }
  }
}
