package dev.shakedown.traffic.workers;

import dev.shakedown.ShakedownException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code load.engine: local}: each worker a JVM of its own on this machine ({@code shakedown
 * load-worker}), its plan on its standard input (never on a command line, where {@code ps} shows
 * it). A worker whose coordinator dies sees its input end and stops sending.
 */
public final class LocalWorkers implements WorkerEngine {
  private static final java.util.Set<String> INHERITED =
      java.util.Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ");

  /**
   * This JVM's own settings for reaching the deployment (a trust store for an internal CA, a proxy,
   * DNS caching), so that N workers reach it as one generator here would.
   */
  private static final List<String> NETWORK_OPTIONS =
      java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(
              a ->
                  List.of(
                          "-Djavax.net.",
                          "-Djdk.tls.",
                          "-Dhttp.",
                          "-Dhttps.",
                          "-Djava.net.",
                          "-Dnetworkaddress.",
                          "-Dsun.net.")
                      .stream()
                      .anyMatch(a::startsWith))
          .toList();

  private final List<LocalWorker> started = new ArrayList<>();

  @Override
  public synchronized List<Worker> start(List<WorkerPlan> plans) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Worker> workers = new ArrayList<>();
    try {
      for (WorkerPlan plan : plans) {
        Path errors = Files.createTempFile("shakedown-worker-" + plan.index() + "-", ".log");
        errors.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(NETWORK_OPTIONS);
        command.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.shakedown.cli.Main",
                "load-worker"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        // The harness's environment holds its credentials (cloud keys, tokens); a worker needs
        // none.
        builder.environment().keySet().retainAll(INHERITED);
        Process process = builder.start();
        LocalWorker worker = new LocalWorker(process, errors);
        started.add(worker);
        workers.add(worker);
        if (!worker.send(plan.toJson())) {
          throw new ShakedownException(
              "load worker " + (plan.index() + 1) + " of " + plans.size() + " " + worker.ended());
        }
      }
    } catch (IOException e) {
      close();
      throw new ShakedownException("cannot start a load worker: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return workers;
  }

  @Override
  public boolean commandable() {
    return true;
  }

  @Override
  public Duration startAllowance() {
    return Duration.ofSeconds(30);
  }

  @Override
  public boolean sharesThisMachine() {
    return true;
  }

  @Override
  public synchronized void close() {
    started.forEach(LocalWorker::stop);
  }

  private static final class LocalWorker implements Worker {
    private final Process process;
    private final Path errors;
    private final Writer input;
    private final BufferedReader output;

    LocalWorker(Process process, Path errors) {
      this.process = process;
      this.errors = errors;
      this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public String where() {
      return "pid " + process.pid();
    }

    @Override
    public BufferedReader output() {
      return output;
    }

    @Override
    public synchronized boolean send(String line) {
      try {
        input.write(line);
        input.write('\n');
        input.flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public String ended() {
      String exit;
      try {
        exit =
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)
                ? "ended with exit code " + process.exitValue()
                : "is still running";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exit = "was not waited for";
      }
      String last = "";
      try {
        List<String> lines = Files.readAllLines(errors);
        last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
      } catch (IOException ignored) {
        // Its errors are a help, not the point.
      }
      return "(" + where() + ") " + exit + (last.isBlank() ? "" : ": " + last);
    }

    @Override
    public void stop() {
      process.destroyForcibly();
      try {
        Files.deleteIfExists(errors);
      } catch (IOException ignored) {
        // deleted on exit instead
      }
    }
  }
}
