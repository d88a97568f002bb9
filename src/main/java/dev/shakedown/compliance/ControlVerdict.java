package dev.shakedown.compliance;

import dev.shakedown.evidence.Measure;
import java.util.List;
import java.util.Optional;

/**
 * What a control found: the figures it read and, when it does not hold, why in words an auditor
 * reads. A control with nothing to look at does not hold: it never passes on nothing.
 */
public record ControlVerdict(List<Measure> measures, Optional<String> failure) {
  public ControlVerdict {
    measures = List.copyOf(measures);
  }

  static ControlVerdict held(List<Measure> measures) {
    return new ControlVerdict(measures, Optional.empty());
  }

  static ControlVerdict failed(List<Measure> measures, String why) {
    return new ControlVerdict(measures, Optional.of(why));
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
}
