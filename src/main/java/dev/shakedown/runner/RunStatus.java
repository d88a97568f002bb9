package dev.shakedown.runner;

import dev.shakedown.traffic.ProbeSample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A running run as it stands, for a live view: what it has applied and since when, and what the
 * deployment's probes answered lately.
 *
 * @param probes the probes of the scenario's monitor that answered in the last seconds, if one runs
 * @param probesInFlight its probes sent and not answered yet, which the figures do not count
 */
public record RunStatus(List<Applied> applied, Optional<ProbeSample> probes, int probesInFlight) {
  public RunStatus {
    applied = List.copyOf(applied);
  }

  /** A disruption in place: a fault, an instance down. */
  public record Applied(String what, Instant since) {}
}
