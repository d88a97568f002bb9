package dev.shakedown.compliance;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Measure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a control found: the figures it read, what it noted and, when it does not hold, why in words
 * an auditor reads. A control with nothing to look at does not hold: it never passes on nothing.
 */
public record ControlVerdict(List<Measure> measures, List<String> notes, Optional<String> failure) {
  public ControlVerdict {
    measures = List.copyOf(measures);
    notes = List.copyOf(notes);
  }

  public static ControlVerdict held(List<Measure> measures) {
    return new ControlVerdict(measures, List.of(), Optional.empty());
  }

  public static ControlVerdict failed(List<Measure> measures, String why) {
    return new ControlVerdict(measures, List.of(), Optional.of(why));
  }

  /** The same verdict, with what it noted beside the figures (the backup a check looked at). */
  public ControlVerdict noting(List<String> more) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new ControlVerdict(measures, all, failure);
  }

  public boolean held() {
    return failure.isEmpty();
  }

  /** Throws a {@link ControlFailure} saying why, unless the control holds. */
  public void requireHeld() {
    failure.ifPresent(
        why -> {
          throw new ControlFailure(why);
        });
  }

  /** Writes the figures and notes into {@code evidence}, then requires the control. */
  public void recordInto(Evidence evidence) {
    measures.forEach(m -> evidence.measure(m.name(), m.value(), m.unit()));
    notes.forEach(evidence::event);
    requireHeld();
  }
}
