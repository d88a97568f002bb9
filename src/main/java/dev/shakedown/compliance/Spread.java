package dev.shakedown.compliance;

import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the running instances are spread over the clouds: the multi-cloud controls. */
public final class Spread {
  private Spread() {}

  /** The instances run in at least {@code clouds} clouds (a cloud with none does not count). */
  public static ControlVerdict atLeast(Map<String, Integer> runningByCloud, int clouds) {
    long serving = runningByCloud.values().stream().filter(n -> n > 0).count();
    List<Measure> measures =
        List.of(new Measure("clouds with running instances", serving, "clouds"));
    if (serving < clouds) {
      return ControlVerdict.failed(
          measures,
          String.format(
              Locale.ROOT,
              "the instances run in %d cloud(s) (need at least %d): %s",
              serving,
              clouds,
              runningByCloud));
    }
    return ControlVerdict.held(measures);
  }

  /** No cloud holds more than {@code ceiling} of the running instances; none running fails. */
  public static ControlVerdict noCloudAbove(
      Map<String, Integer> runningByCloud, Percentage ceiling) {
    int total = runningByCloud.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return ControlVerdict.failed(
          List.of(), "no instance is running in any cloud: " + runningByCloud);
    }
    List<Measure> measures = new ArrayList<>();
    List<String> over = new ArrayList<>();
    runningByCloud.forEach(
        (cloud, count) -> {
          double share = 100.0 * count / total;
          measures.add(new Measure("share of the instances in " + cloud, share, "%"));
          if (share > ceiling.percent()) {
            over.add(
                String.format(
                    Locale.ROOT, "%s holds %d of %d (%.0f%%)", cloud, count, total, share));
          }
        });
    if (!over.isEmpty()) {
      return ControlVerdict.failed(
          measures,
          "a single cloud holds more than "
              + ceiling
              + " of the instances: "
              + String.join(", ", over));
    }
    return ControlVerdict.held(measures);
  }
}
