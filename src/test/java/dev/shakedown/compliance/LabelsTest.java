package dev.shakedown.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.evidence.Measure;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every instance carries the labels an owner is found by. */
class LabelsTest {
  private static Instance instance(String id, Map<String, String> labels) {
    return new Instance(
        id, "aws-eu", "eu-west-2a", URI.create("http://10.0.0.1"), InstanceState.RUNNING, labels);
  }

  @Test
  void should_name_each_instance_and_the_labels_it_lacks() {
    ControlVerdict verdict =
        Labels.carried(
            List.of(
                instance("i-1", Map.of("owner", "a", "service", "b")),
                instance("i-2", Map.of("owner", "a")),
                instance("i-3", Map.of())),
            List.of("owner", "service"),
            List.of("aws-eu"));

    assertThat(verdict.failure())
        .contains(
            "2 of 3 instances lack a label: aws-eu/i-2 lacks service; aws-eu/i-3 lacks owner,"
                + " service");
    assertThat(verdict.measures())
        .containsExactly(
            new Measure("instances missing a label", 2, "instances"),
            new Measure("instances checked for labels", 3, "instances"));
  }

  @Test
  void should_hold_when_every_instance_has_them_with_any_value() {
    assertThat(
            Labels.carried(
                    List.of(instance("i-1", Map.of("owner", ""))),
                    List.of("owner"),
                    List.of("aws-eu"))
                .held())
        .isTrue();
  }

  @Test
  void should_not_pass_on_no_instance() {
    assertThat(Labels.carried(List.of(), List.of("owner"), List.of("aws-eu", "gcp")).failure())
        .contains(
            "no instance to check the labels [owner] on: the clouds aws-eu, gcp list no instance"
                + " (a cloud with only an endpoint has none Shakedown can see)");
  }
}
