package dev.shakedown.fleet.bosh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The resurrection configs' rules ({@code bosh configs --type resurrection}), judged as the health
 * monitor judges them (bosh-monitor resurrection_manager.rb): resurrection is on for an instance
 * group unless a rule that applies to it says {@code enabled: false}; a rule applies where its
 * include filter matches (an empty one matches all) and its exclude filter does not (an empty one
 * matches none).
 */
final class ResurrectionRules {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private record Filter(List<String> deployments, List<String> groups) {
    boolean names(String deployment, String group) {
      return (groups.isEmpty() || groups.contains(group))
          && (deployments.isEmpty() || deployments.contains(deployment));
    }

    boolean empty() {
      return deployments.isEmpty() && groups.isEmpty();
    }
  }

  private record Rule(boolean enabled, Filter include, Filter exclude, String config) {
    boolean applies(String deployment, String group) {
      return include.names(deployment, group)
          && !(!exclude.empty() && exclude.names(deployment, group));
    }
  }

  private final List<Rule> rules;
  // Configs whose content does not parse: the health monitor keeps the rules it had before them
  // (update_rules raises), which cannot be read from here.
  private final List<String> unreadable;

  private ResurrectionRules(List<Rule> rules, List<String> unreadable) {
    this.rules = rules;
    this.unreadable = unreadable;
  }

  /**
   * @param configs {@code GET /configs?type=resurrection&latest=true}: each with a name and its
   *     YAML content; a rule that does not parse is skipped, as the health monitor skips it
   */
  static ResurrectionRules of(JsonNode configs) {
    List<Rule> rules = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (JsonNode config : configs) {
      JsonNode content;
      try {
        content = YAML.readTree(config.path("content").asText(""));
      } catch (IOException notYaml) {
        unreadable.add(config.path("name").asText("default"));
        continue;
      }
      if (content == null) {
        continue;
      }
      JsonNode listed = content.path("rules");
      // Ruby's [rules].flatten: a single rule written as a mapping is a rule too.
      List<JsonNode> each = new ArrayList<>();
      if (listed.isObject()) {
        each.add(listed);
      } else {
        listed.forEach(each::add);
      }
      for (JsonNode rule : each) {
        if (rule.path("enabled").isBoolean()) {
          rules.add(
              new Rule(
                  rule.path("enabled").asBoolean(),
                  filter(rule.path("include")),
                  filter(rule.path("exclude")),
                  config.path("name").asText("default")));
        }
      }
    }
    return new ResurrectionRules(rules, unreadable);
  }

  private static Filter filter(JsonNode filter) {
    return new Filter(strings(filter.path("deployments")), strings(filter.path("instance_groups")));
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(item -> out.add(item.asText()));
    return out;
  }

  /**
   * Why the resurrector may not recreate the group's VMs: a config whose rule turns it off, or one
   * that does not parse; empty when it is on.
   */
  java.util.Optional<String> offBy(String deployment, String group) {
    if (!unreadable.isEmpty()) {
      return java.util.Optional.of(
          "resurrection config '"
              + unreadable.get(0)
              + "' does not parse, and the health monitor keeps rules from before it that cannot"
              + " be read");
    }
    return rules.stream()
        .filter(rule -> !rule.enabled() && rule.applies(deployment, group))
        .map(
            rule ->
                "resurrection config '"
                    + rule.config()
                    + "' turns the resurrector off for instance group "
                    + group
                    + " of deployment "
                    + deployment)
        .findFirst();
  }
}
