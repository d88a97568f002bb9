package dev.shakedown.report;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds a run's Allure HTML report ({@code allure-report/}) from its {@code allure-results/} with
 * the Allure command line the build unpacked beside the jar (from Maven Central, at build time).
 */
public final class AllureReport {
  public static final String FOLDER = Manifest.DERIVED;

  private AllureReport() {}

  public static Path generate(Path run, Function<String, String> environment) {
    Path results = run.resolve("allure-results");
    if (!Files.isDirectory(results)) {
      throw new ReportException(run + " has no allure-results/ to make an Allure report from");
    }
    Path allure =
        home(environment)
            .map(h -> h.resolve("bin").resolve("allure"))
            .filter(Files::isRegularFile)
            .orElseThrow(
                () ->
                    new ReportException(
                        "no Allure command line found beside the jar (allure-commandline/) nor in"
                            + " SHAKEDOWN_ALLURE_HOME; build with 'mvn package', or point"
                            + " SHAKEDOWN_ALLURE_HOME at an Allure installation"));
    Path output = run.resolve(FOLDER);
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    allure.toString(),
                    "generate",
                    "--clean",
                    "--output",
                    output.toString(),
                    results.toString()))
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    try {
      // Its output to a file, not a pipe read to the end: a hung Allure is given up on in time.
      Path log = Files.createTempFile("allure-generate", ".log");
      try {
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new ReportException("allure generate did not finish within 5 minutes");
        }
        if (process.exitValue() != 0) {
          throw new ReportException("allure generate failed: " + Files.readString(log).strip());
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new ReportException("cannot run " + allure + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReportException("interrupted while Allure made the report");
    }
    return output.resolve("index.html");
  }

  private static Optional<Path> home(Function<String, String> environment) {
    String configured = environment.apply("SHAKEDOWN_ALLURE_HOME");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    try {
      Path jar =
          Path.of(AllureReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path unpacked = jar.getParent().resolve("allure-commandline");
      if (!Files.isDirectory(unpacked)) {
        return Optional.empty();
      }
      try (Stream<Path> versions = Files.list(unpacked)) {
        return versions.filter(p -> p.getFileName().toString().startsWith("allure-")).findFirst();
      }
    } catch (URISyntaxException | IOException e) {
      return Optional.empty();
    }
  }
}
