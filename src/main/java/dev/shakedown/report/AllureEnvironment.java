package dev.shakedown.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Allure's {@code environment.properties} (the "Environment" widget) and {@code executor.json} (the
 * "Executor" widget, with the CI build link), filled from the run.
 */
public final class AllureEnvironment {
  private AllureEnvironment() {}

  public static void write(Path results, RunMetadata run) {
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
          (key, value) -> properties.append(key).append('=').append(escape(value)).append('\n'));
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
          json.writerWithDefaultPrettyPrinter().writeValueAsString(executor));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Allure environment to " + results, e);
    }
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
  }
}
