package dev.shakedown.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one probe.
 *
 * @param status the HTTP status, or 0 when no response came
 * @param failure why it is not a success: no response ({@code connection refused}, {@code timed out
 *     after 2 s}), or a response the success rule refuses ({@code HTTP 200, but /complete is
 *     false}); empty for a success
 * @param servedBy the {@code X-Served-By} header, when the deployment says which cloud answered
 */
public record ProbeResult(
    String target,
    Instant at,
    Duration latency,
    int status,
    Optional<String> failure,
    Optional<String> servedBy,
    boolean refused) {

  public boolean ok() {
    return failure.isEmpty();
  }

  /**
   * What went wrong, in the words of a failure list: {@code HTTP 500}, {@code connection refused}.
   */
  public String outcome() {
    return failure.orElse("HTTP " + status);
  }
}
