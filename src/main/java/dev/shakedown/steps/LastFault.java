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

  /**
   * The last fault as one value: its time (empty before any), how it is named, and when it had
   * taken its full effect where that came later (a BOSH VM serves until its deletion is done).
   */
  record Fault(Optional<Instant> at, String description, Optional<Instant> inEffect) {
    /**
     * From when the fault's consequences are judged ("all requests are served by cloud-b"): once it
     * took effect. A window of how well the deployment kept serving runs from {@link #at} to its
     * length after this, so that it holds the loss however long the cloud took to carry it out.
     */
    Optional<Instant> effective() {
      return inEffect.or(() -> at);
    }

    /** How long after it was sent it took effect: zero where that was not later. */
    java.time.Duration delay() {
      return at.isPresent() && inEffect.isPresent()
          ? java.time.Duration.between(at.get(), inEffect.get())
          : java.time.Duration.ZERO;
    }

    /**
     * Whether it took effect so long after it was sent that a verdict's words say so (a BOSH VM's
     * deletion); a local kill's few hundred milliseconds, however loaded the machine, do not.
     */
    boolean late() {
      return delay().toSeconds() >= 5;
    }

    /**
     * {@code killing cloud-a/... (in effect 42 s later)}, for a verdict read from then; just the
     * description where it was not {@link #late}.
     */
    String effectiveDescription() {
      return late()
          ? description
              + " (in effect "
              + dev.shakedown.config.Durations.format(
                  java.time.Duration.between(at.get(), inEffect.get()))
              + " later)"
          : description;
    }
  }

  private static final Fault NONE =
      new Fault(Optional.empty(), "the scenario started", Optional.empty());

  /** A fault from {@code at}: the window "keeps serving" reads, and a shaded one in the reports. */
  void applied(Instant at, String description) {
    measureFrom(at, description);
    evidence.faultStarted(description, at);
  }

  /**
   * A fault applied from {@code at} that took its full effect only at {@code inEffect} (a kill the
   * cloud carries out over a while).
   */
  void applied(Instant at, String description, Instant inEffect) {
    evidence.faultStarted(description, at);
    last = new Fault(Optional.of(at), description, Optional.of(inEffect));
  }

  /** Where "keeps serving" windows start from, without a fault: the start of a load. */
  void measureFrom(Instant at, String description) {
    last = new Fault(Optional.of(at), description, Optional.empty());
  }

  /** Read once by a check, so that the window's start and its name are of the same fault. */
  Fault now() {
    Fault fault = last;
    return fault == null ? NONE : fault;
  }
}
