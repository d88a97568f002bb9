package dev.shakedown.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The named waits under way in this JVM, for whoever says them out loud: what each waits for, since
 * when, and for how long at most. A wait is here from its first look to its answer or its timeout.
 */
public final class Waits {
  private static final List<Active> ACTIVE = new CopyOnWriteArrayList<>();

  private Waits() {}

  /** A wait under way. */
  public record Active(String what, Instant since, Duration atMost) {
    /** {@code waiting for cloud-a to replace cloud-a/cloud-a-1: 12 s of at most 1 min}. */
    public String describe(Instant now) {
      return "waiting for "
          + what
          + ": "
          + Duration.between(since, now).toSeconds()
          + " s of at most "
          + dev.shakedown.config.Durations.format(atMost);
    }
  }

  static Active begin(String what, Duration atMost) {
    Active wait = new Active(what, Instant.now(), atMost);
    ACTIVE.add(wait);
    return wait;
  }

  static void end(Active wait) {
    ACTIVE.remove(wait);
  }

  /** The waits under way now, the oldest first. */
  public static List<Active> now() {
    return List.copyOf(ACTIVE);
  }
}
