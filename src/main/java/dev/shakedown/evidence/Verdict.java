package dev.shakedown.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What a check found: the figures it read, what it noted, and, when it does not hold, why, in the
 * words of the failure. The glue writes the figures and notes into the evidence, then requires it.
 */
public record Verdict(
    List<Measure> measures,
    List<String> notes,
    Optional<String> failure,
    Optional<RuntimeException> unjudged) {
  public Verdict {
    measures = List.copyOf(measures);
    notes = List.copyOf(notes);
  }

  public Verdict(List<Measure> measures, List<String> notes, Optional<String> failure) {
    this(measures, notes, failure, Optional.empty());
  }

  /**
   * No verdict can be read (too few requests for a percentile): the figures are kept, and {@code
   * why} is what the check throws, as an error of the check rather than a failure of the system.
   */
  public static Verdict unjudged(List<Measure> measures, RuntimeException why) {
    return new Verdict(measures, List.of(), Optional.empty(), Optional.of(why));
  }

  public static Verdict held(List<Measure> measures) {
    return new Verdict(measures, List.of(), Optional.empty());
  }

  public static Verdict failed(List<Measure> measures, String why) {
    return new Verdict(measures, List.of(), Optional.of(why));
  }

  /**
   * The same verdict, with what it noted beside the figures (a breaking point, a backup's name).
   */
  public Verdict noting(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new Verdict(measures, more, failure, unjudged);
  }

  public boolean held() {
    return failure.isEmpty() && unjudged.isEmpty();
  }

  /** Throws an {@link AssertionError} saying why, unless it holds; what left it unjudged first. */
  public void requireHeld() {
    unjudged.ifPresent(
        why -> {
          throw why;
        });
    failure.ifPresent(
        why -> {
          throw new AssertionError(why);
        });
  }

  /** Writes the figures and notes into {@code evidence}, then requires the verdict. */
  public void recordInto(Evidence evidence) {
    measures.forEach(m -> evidence.measure(m.name(), m.value(), m.unit()));
    notes.forEach(evidence::event);
    requireHeld();
  }
}
