package dev.shakedown.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An answer of a cloud's API kept for one poll interval: however often the harness looks while it
 * waits, each API is asked at most once per interval (clouds throttle eager callers, by account and
 * region or project), and a change made through the API forgets it so that the next look is fresh.
 */
public final class Cached<T> {
  private final Duration ttl;
  private final Supplier<T> load;
  private T value;
  private Instant at = Instant.EPOCH;

  public Cached(Duration ttl, Supplier<T> load) {
    this.ttl = ttl;
    this.load = load;
  }

  public synchronized T get() {
    if (value == null || Duration.between(at, Instant.now()).compareTo(ttl) >= 0) {
      value = load.get();
      at = Instant.now();
    }
    return value;
  }

  public synchronized void forget() {
    value = null;
  }
}
