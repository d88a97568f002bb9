package dev.shakedown.fleet.local;

import dev.shakedown.config.Redactor;
import dev.shakedown.config.ServiceSettings;
import dev.shakedown.fleet.FleetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes a config's {@code services:} names, started in order before the clouds (each waited
 * for on its ready URL) and ended in reverse order after them, or by a shutdown hook.
 */
public final class LocalServices implements AutoCloseable {
  private final List<ManagedProcess> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "shakedown-local-services");

  private LocalServices() {}

  public static LocalServices start(
      Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor) {
    LocalServices started = new LocalServices();
    if (services.isEmpty()) {
      return started;
    }
    Runtime.getRuntime().addShutdownHook(started.shutdownHook);
    Readiness readiness = new Readiness();
    try {
      for (var entry : services.entrySet()) {
        ServiceSettings service = entry.getValue();
        ManagedProcess process =
            ManagedProcess.start(
                "service " + entry.getKey(),
                service.command(),
                Map.of("reports", runDirectory.toString()),
                Map.of(),
                runDirectory.resolve("services").resolve(entry.getKey() + ".log"),
                redactor::redact);
        started.processes.add(process);
        if (service.ready() != null) {
          long deadline = System.nanoTime() + service.startTimeout().toNanos();
          while (!readiness.ready(service.ready())) {
            if (!process.alive()) {
              throw new FleetException(
                  "service '"
                      + entry.getKey()
                      + "' exited with code "
                      + process.process().exitValue()
                      + " before it was ready; see its output in "
                      + process.log());
            }
            if (System.nanoTime() > deadline) {
              throw new FleetException(
                  "service '"
                      + entry.getKey()
                      + "' did not answer on "
                      + service.ready()
                      + " within "
                      + service.startTimeout().toSeconds()
                      + " s; see its output in "
                      + process.log()
                      + " (is the port taken by another process?)");
            }
            Readiness.pause(Duration.ofMillis(50));
          }
        }
      }
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
  }

  private synchronized void stopAll() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).terminate();
    }
  }
}
