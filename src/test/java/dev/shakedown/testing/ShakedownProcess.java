package dev.shakedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a child process, as a user or a pipeline runs it. */
public final class ShakedownProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private ShakedownProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  public static ShakedownProcess start(Path workingDirectory, Path logs, String... args) {
    return start(workingDirectory, logs, java.util.Map.of(), args);
  }

  /** With these environment variables beside the inherited ones. */
  public static ShakedownProcess start(
      Path workingDirectory, Path logs, java.util.Map<String, String> env, String... args) {
    String jar = System.getProperty("shakedown.jar", "target/shakedown.jar");
    List<String> command =
        new ArrayList<>(
            List.of(javaExecutable(), "-jar", Path.of(jar).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logs);
      Path out = logs.resolve("stdout.txt");
      Path err = logs.resolve("stderr.txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      return new ShakedownProcess(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code shakedown sweep} over these run folders finds nothing any run left applied. */
  public static void assertNothingToSweep(Path project, Path logs, Path reports, Path clouds)
      throws InterruptedException {
    ShakedownProcess sweep =
        start(
            project, logs, "sweep", "--reports", reports.toString(), "--clouds", clouds.toString());
    org.assertj.core.api.Assertions.assertThat(sweep.await(120))
        .as(sweep.out() + sweep.err())
        .isZero();
    org.assertj.core.api.Assertions.assertThat(sweep.out()).contains("nothing to sweep");
  }

  public Process process() {
    return process;
  }

  public int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(
          "shakedown did not finish within "
              + seconds
              + " s; stdout: "
              + out()
              + " stderr: "
              + err());
    }
    return process.exitValue();
  }

  public String out() {
    return read(out);
  }

  public String err() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
