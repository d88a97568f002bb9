package dev.shakedown.traffic;

import dev.shakedown.ShakedownException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * When a latency verdict may be read at all: the window must hold enough requests for a 99th
 * percentile to be one, and most of them must have succeeded (else the failures are the verdict);
 * the latency is then that of the successful ones.
 */
public final class LatencyVerdicts {
  private LatencyVerdicts() {}

  /**
   * @param window as messages name it: {@code since adding 800 ms of latency on cloud-a/store}
   * @param failures what failed, and when, for the message
   */
  public static void require(
      long succeeded, long failed, String window, Supplier<String> failures) {
    long total = succeeded + failed;
    if (total < ProbeSample.FOR_A_PERCENTILE) {
      throw new ShakedownException(
          String.format(
              Locale.ROOT,
              "the p99 latency %s cannot be judged on %,d request%s: a 99th percentile needs at"
                  + " least %d, or it is the maximum of a few; judge it after a 'keeps serving"
                  + " for' step, or of a load",
              window,
              total,
              total == 1 ? "" : "s",
              ProbeSample.FOR_A_PERCENTILE));
    }
    if (failed > succeeded) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "most requests %s failed (%,d of %,d), so their latency is no verdict: %s",
              window,
              failed,
              succeeded + failed,
              failures.get()));
    }
  }
}
