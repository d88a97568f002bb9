package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a run must stop on its own: the success rate stays under {@code below} for {@code after},
 * like the stop condition of a fault-injection service.
 */
public record HaltCondition(Percentage below, Duration after) {
  /** Fewer answered probes than this in the window say too little to stop a run on. */
  static final int FEWEST_PROBES = 3;

  /**
   * Why the run must halt, judged at {@code now} on the probes of the last {@code after}; empty
   * while it need not. Only a window the monitor watched in full counts (it began at {@code
   * started}), and only probes that have answered: one still waiting is neither a success nor yet a
   * failure.
   *
   * @param answered the probes that have answered, in any order
   */
  public Optional<String> trips(List<ProbeResult> answered, Instant started, Instant now) {
    Instant from = now.minus(after);
    if (from.isBefore(started)) {
      return Optional.empty();
    }
    List<ProbeResult> recent = answered.stream().filter(r -> !r.at().isBefore(from)).toList();
    if (recent.size() < FEWEST_PROBES) {
      return Optional.empty();
    }
    long ok = recent.stream().filter(ProbeResult::ok).count();
    double percent = 100.0 * ok / recent.size();
    if (percent >= below.percent()) {
      return Optional.empty();
    }
    return Optional.of(
        "halted: the deployment's success rate was "
            + new Percentage(percent)
            + " ("
            + ok
            + " of "
            + recent.size()
            + " probes) over "
            + Durations.format(after)
            + ", under the halt floor "
            + below
            + " (safety.haltBelow); the run stops and every fault is reverted");
  }
}
