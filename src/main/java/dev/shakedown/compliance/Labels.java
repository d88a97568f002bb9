package dev.shakedown.compliance;

import dev.shakedown.evidence.Measure;
import dev.shakedown.fleet.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Every instance carries the labels (tags) an owner and a cost centre are found by. */
public final class Labels {
  private Labels() {}

  /**
   * @param clouds where the instances were listed, for the finding when there are none
   */
  public static ControlVerdict carried(
      Collection<Instance> instances, List<String> labels, Collection<String> clouds) {
    if (instances.isEmpty()) {
      // "Every instance" of none holds of nothing: a check with nothing to look at cannot pass.
      return ControlVerdict.failed(
          List.of(),
          "no instance to check the labels "
              + labels
              + " on: the clouds "
              + String.join(", ", clouds)
              + " list no instance (a cloud with only an endpoint has none Shakedown can see)");
    }
    List<String> missing = new ArrayList<>();
    for (Instance instance : instances) {
      List<String> lacks = labels.stream().filter(l -> !instance.labels().containsKey(l)).toList();
      if (!lacks.isEmpty()) {
        missing.add(instance.qualifiedId() + " lacks " + String.join(", ", lacks));
      }
    }
    List<Measure> measures =
        List.of(
            new Measure("instances missing a label", missing.size(), "instances"),
            new Measure("instances checked for labels", instances.size(), "instances"));
    if (!missing.isEmpty()) {
      return ControlVerdict.failed(
          measures,
          String.format(
              Locale.ROOT,
              "%d of %d instances lack a label: %s",
              missing.size(),
              instances.size(),
              String.join("; ", missing)));
    }
    return ControlVerdict.held(measures);
  }
}
