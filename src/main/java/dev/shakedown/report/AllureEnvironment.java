package dev.shakedown.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shakedown.config.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Allure's {@code environment.properties} (the "Environment" widget) and {@code executor.json} (the
 * "Executor" widget, with the CI build link), filled from the run; and {@code categories.json},
 * which sorts what did not pass into compliance failures, resilience failures and harness errors.
 */
public final class AllureEnvironment {
  // Allure files a result under every category that matches, so they exclude each other. A control
  // that does not hold throws ControlFailure, so its trace names it; any other failed check is
  // about resilience; "broken" is Allure's word for
  // an error that is no verdict on the deployment (a typo, an unreachable target, a harness bug).
  private static final String CATEGORIES =
      """
      [
        {
          "name": "Compliance failures",
          "description": "A control of the catalogue does not hold: the evidence says which and why.",
          "matchedStatuses": ["failed"],
          "traceRegex": "(?s).*ControlFailure.*"
        },
        {
          "name": "Resilience failures",
          "description": "The deployment did not keep serving, recover, hold its throughput or keep its data.",
          "matchedStatuses": ["failed"],
          "traceRegex": "(?s)(?!.*ControlFailure).*"
        },
        {
          "name": "Harness errors",
          "description": "The scenario could not be run as written or against these targets: no verdict on the deployment.",
          "matchedStatuses": ["broken"]
        },
        {
          "name": "Skipped after a halt",
          "matchedStatuses": ["skipped"]
        }
      ]
      """;

  private AllureEnvironment() {}

  public static void write(Path results, RunMetadata run, Redactor redactor) {
    try {
      Files.createDirectories(results);
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("shakedown.version", run.toolVersion());
      environment.put("run.id", run.runId());
      environment.put("run.started", run.started().toString());
      environment.put("run.finished", run.finished().toString());
      environment.put("git.commit", run.gitCommit().orElse("unknown"));
      environment.put("operator", run.operator());
      environment.put("clouds", String.join(", ", run.clouds()));
      environment.put("java.version", run.javaVersion());
      environment.put("os", run.os());
      run.ci().ifPresent(ci -> environment.put("ci.build", ci.buildName()));
      StringBuilder properties = new StringBuilder();
      environment.forEach(
          (key, value) ->
              properties
                  .append(key)
                  .append('=')
                  .append(escape(redactor.redact(value)))
                  .append('\n'));
      Files.writeString(results.resolve("environment.properties"), properties);

      ObjectMapper json = new ObjectMapper();
      ObjectNode executor = json.createObjectNode();
      if (run.ci().isPresent()) {
        CiEnvironment ci = run.ci().get();
        executor.put("name", ci.name()).put("type", ci.type()).put("buildName", ci.buildName());
        if (ci.buildUrl() != null) {
          executor.put("buildUrl", ci.buildUrl()).put("url", ci.buildUrl());
        }
        if (ci.buildOrder() != null && ci.buildOrder().matches("\\d+")) {
          executor.put("buildOrder", Long.parseLong(ci.buildOrder()));
        }
      } else {
        executor.put("name", "Shakedown").put("type", "local").put("buildName", run.runId());
      }
      executor.put("reportName", "Shakedown run " + run.runId());
      Files.writeString(
          results.resolve("executor.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsString(redactor.redact(executor)));
      Files.writeString(results.resolve("categories.json"), CATEGORIES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Allure environment to " + results, e);
    }
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
  }
}
