package dev.shakedown.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What a check found: the figures it read, what it noted, and, when it does not hold, why, in the
 * words of the failure. The glue writes the figures and notes into the evidence, then requires it.
 */
public record Verdict(List<Measure> measures, List<String> notes, Optional<String> failure) {
  public Verdict {
    measures = List.copyOf(measures);
    notes = List.copyOf(notes);
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
    return new Verdict(measures, more, failure);
  }

  public boolean held() {
    return failure.isEmpty();
  }

  /** Throws an {@link AssertionError} saying why, unless it holds. */
  public void requireHeld() {
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
