package dev.shakedown.faults;

import dev.shakedown.config.Durations;
import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import java.time.Duration;
import java.util.List;

/** What a link's own Toxiproxy reads back, against a requirement. */
public final class FaultVerdicts {
  private FaultVerdicts() {}

  /**
   * No fault is active on {@code link} {@code after} the last fault ({@code lastFault}, in words),
   * whoever put it there.
   *
   * @param active what the link's Toxiproxy reads back now (a toxic, the proxy disabled)
   */
  public static Verdict noneActive(
      List<String> active, String link, Duration after, String lastFault) {
    List<Measure> measures =
        List.of(
            new Measure(
                "faults active on "
                    + link
                    + " "
                    + Durations.format(after)
                    + " after the last fault",
                active.size(),
                "faults"));
    if (active.isEmpty()) {
      return Verdict.held(measures);
    }
    return Verdict.failed(
        measures,
        Durations.format(after)
            + " after "
            + lastFault
            + ", "
            + link
            + " still has: "
            + String.join(", ", active));
  }
}
