package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a scenario's "keeps serving" windows start: its last fault, or the start of its load. Also
 * written by the scenario's timer thread (a kill scheduled during a load), so it is one volatile
 * value: a reader never sees the time of one fault with the description of another.
 */
public final class LastFault {
  private final Evidence evidence;
  private volatile Fault last;

  public LastFault(Evidence evidence) {
    this.evidence = evidence;
  }

  /** The last fault as one value: its time (empty before any) and how it is named. */
  record Fault(Optional<Instant> at, String description) {}

  private static final Fault NONE = new Fault(Optional.empty(), "the scenario started");

  /** A fault from {@code at}: the window "keeps serving" reads, and a shaded one in the reports. */
  void applied(Instant at, String description) {
    measureFrom(at, description);
    evidence.faultStarted(description, at);
  }

  /** Where "keeps serving" windows start from, without a fault: the start of a load. */
  void measureFrom(Instant at, String description) {
    last = new Fault(Optional.of(at), description);
  }

  /** Read once by a check, so that the window's start and its name are of the same fault. */
  Fault now() {
    Fault fault = last;
    return fault == null ? NONE : fault;
  }
}
