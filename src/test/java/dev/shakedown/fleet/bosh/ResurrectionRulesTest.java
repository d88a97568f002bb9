package dev.shakedown.fleet.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shakedown.fleet.InstanceState;
import org.junit.jupiter.api.Test;

/** The resurrection rules judged as bosh-monitor's resurrection_manager.rb judges them. */
class ResurrectionRulesTest {
  private static ResurrectionRules rules(String... contents) {
    ArrayNode configs = JsonNodeFactory.instance.arrayNode();
    int n = 0;
    for (String content : contents) {
      configs.addObject().put("name", "config-" + n++).put("content", content);
    }
    return ResurrectionRules.of(configs);
  }

  @Test
  void should_be_on_without_rules_and_off_where_a_rule_includes_the_deployment() {
    assertThat(rules().offBy("cf", "router")).isEmpty();
    ResurrectionRules off =
        rules(
            """
            rules:
            - enabled: false
              include: { deployments: [cf] }
            """);
    assertThat(off.offBy("cf", "router"))
        .contains(
            "resurrection config 'config-0' turns the resurrector off for instance group router of deployment cf");
    assertThat(off.offBy("redis", "router")).isEmpty();
  }

  @Test
  void should_narrow_by_instance_group_and_honour_an_exclude() {
    ResurrectionRules rules =
        rules(
            """
            rules:
            - enabled: false
              include: { deployments: [cf], instance_groups: [diego-cell] }
            - enabled: false
              exclude: { deployments: [cf] }
            """);
    assertThat(rules.offBy("cf", "diego-cell")).get().asString().contains("'config-0'");
    assertThat(rules.offBy("cf", "router")).isEmpty();
    assertThat(rules.offBy("redis", "redis"))
        .get()
        .asString()
        .contains("'config-0'"); // the second rule
  }

  @Test
  void should_let_an_off_rule_win_over_an_on_rule_and_read_one_rule_written_as_a_mapping() {
    ResurrectionRules rules =
        rules(
            "rules:\n- enabled: true\n  include: { deployments: [cf] }\n",
            "rules:\n- enabled: false\n",
            "rules:\n- enabled: maybe\n");
    assertThat(rules.offBy("cf", "router")).get().asString().contains("'config-1'");
    assertThat(rules("rules:\n- enabled: maybe\n").offBy("cf", "router")).isEmpty();
    assertThat(
            rules("rules: { enabled: false, include: { deployments: [cf] } }\n").offBy("cf", "x"))
        .isPresent();
  }

  @Test
  void should_not_call_it_on_where_a_config_does_not_parse() {
    assertThat(rules("rules:\n- enabled: true\n", "not: [yaml").offBy("cf", "router"))
        .contains(
            "resurrection config 'config-1' does not parse, and the health monitor keeps rules"
                + " from before it that cannot be read");
  }

  @Test
  void should_map_what_the_director_wants_and_the_agent_says_to_a_state() {
    assertThat(BoshFleet.state("started", "running", "i-1")).isEqualTo(InstanceState.RUNNING);
    assertThat(BoshFleet.state("started", "failing", "i-1")).isEqualTo(InstanceState.STARTING);
    assertThat(BoshFleet.state("started", "unresponsive agent", "i-1"))
        .isEqualTo(InstanceState.STARTING);
    assertThat(BoshFleet.state("started", "", "")).isEqualTo(InstanceState.STARTING);
    assertThat(BoshFleet.state("stopped", "running", "i-1")).isEqualTo(InstanceState.STOPPING);
    assertThat(BoshFleet.state("stopped", "stopped", "i-1")).isEqualTo(InstanceState.STOPPED);
    assertThat(BoshFleet.state("detached", "", "")).isEqualTo(InstanceState.STOPPED);
  }
}
