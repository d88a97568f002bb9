package dev.shakedown.fleet.local;

import dev.shakedown.config.Redactor;
import dev.shakedown.config.ServiceSettings;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.undo.PortHolder;
import dev.shakedown.undo.Undo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config's local services (the demo's stores and router, or any process a deployment needs on
 * this machine), started in order before the clouds, each waited for on its ready URL, and stopped
 * in reverse order when the run ends. A service can be replaced by another command (a store
 * restored from a backup), and extra processes started beside them (a scratch copy for a restore
 * drill) are stopped with them. Every process is recorded in the run's ledger as it starts.
 */
public final class LocalServices implements dev.shakedown.fleet.Services {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
  private final Map<String, ServiceSettings> services;
  private final Path runDirectory;
  private final Redactor redactor;
  private final Undo undo;
  private final Readiness readiness = new Readiness();
  private boolean closed;
  // A last resort: the run closes its services itself, in order, before the JVM exits.
  private final Thread shutdownHook = new Thread(this::stopAll, "shakedown-local-services");

  private LocalServices(
      Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor, Undo undo) {
    this.services = Map.copyOf(services);
    this.runDirectory = runDirectory;
    this.redactor = redactor;
    this.undo = undo;
  }

  public static LocalServices start(
      Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor, Undo undo) {
    LocalServices started = new LocalServices(services, runDirectory, redactor, undo);
    Runtime.getRuntime().addShutdownHook(started.shutdownHook);
    try {
      for (var entry : services.entrySet()) {
        ServiceSettings service = entry.getValue();
        started.checkPortFree(entry.getKey(), service.ready());
        started.launch(
            entry.getKey(), service.command(), Map.of(), service.ready(), service.startTimeout());
      }
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  @Override
  public boolean has(String service) {
    return services.containsKey(service);
  }

  /** Whether the service answers on its ready URL now (true for one without a ready URL). */
  @Override
  public boolean serving(String service) {
    ServiceSettings settings = services.get(service);
    ManagedProcess process;
    synchronized (this) {
      process = processes.get(service);
    }
    return process != null
        && process.alive()
        && (settings.ready() == null || readiness.ready(settings.ready()));
  }

  /**
   * Stops {@code service} (SIGTERM, then SIGKILL) and starts {@code command} in its place, waiting
   * for the service's ready URL.
   *
   * @param placeholders filled in the command besides {java}, {classpath} and {reports}
   */
  @Override
  public synchronized void replace(
      String service, String command, Map<String, String> placeholders) {
    ServiceSettings settings = services.get(service);
    if (settings == null) {
      throw new FleetException("no service named '" + service + "'; known: " + services.keySet());
    }
    ManagedProcess old = processes.remove(service);
    if (old != null) {
      old.terminate();
    }
    launch(service, command, placeholders, settings.ready(), settings.startTimeout());
  }

  /**
   * A process beside the services on a free port (its command's {port}), stopped with them; its
   * {@code readyPath} on that port is waited for.
   *
   * @return the port
   */
  @Override
  public synchronized int startExtra(
      String name,
      String command,
      Map<String, String> placeholders,
      String readyPath,
      Duration timeout) {
    int port = Ports.free();
    Map<String, String> withPort = new HashMap<>(placeholders);
    withPort.put("port", Integer.toString(port));
    launch(name, command, withPort, URI.create("http://127.0.0.1:" + port + readyPath), timeout);
    return port;
  }

  /** Stops a process started by {@link #startExtra}; nothing when it is not running. */
  @Override
  public synchronized void stopExtra(String name) {
    ManagedProcess process = processes.remove(name);
    if (process != null) {
      process.terminate();
    }
  }

  /**
   * Refuses to start a service whose ready URL another process already answers on: its checks would
   * pass against that process, whatever became of the service.
   */
  private void checkPortFree(String name, URI ready) {
    if (ready == null || ready.getHost() == null || !LOOPBACK.contains(ready.getHost())) {
      return;
    }
    int port =
        ready.getPort() > 0 ? ready.getPort() : ("https".equals(ready.getScheme()) ? 443 : 80);
    if (PortHolder.inUse(ready.getHost(), port)) {
      throw new FleetException(
          "service '"
              + name
              + "' cannot start: port "
              + port
              + " of its ready URL "
              + ready
              + " is already in use"
              + PortHolder.describe(port).map(holder -> " by " + holder).orElse("")
              + "; end that process, or give the service another port in the config");
    }
  }

  private void launch(
      String name, String command, Map<String, String> extra, URI ready, Duration timeout) {
    if (closed) {
      throw new FleetException(
          "not starting " + name + ": the run's local services are stopped already");
    }
    Map<String, String> placeholders = new HashMap<>(extra);
    placeholders.put("reports", runDirectory.toString());
    ServiceSettings settings = services.get(name);
    Map<String, String> environment = new HashMap<>();
    if (settings != null) {
      settings.env().forEach((key, value) -> environment.put(key, value.reveal()));
    }
    ManagedProcess process =
        ManagedProcess.start(
            "service " + name,
            command,
            placeholders,
            environment,
            runDirectory.resolve("services").resolve(name + ".log"),
            redactor::redact,
            undo);
    processes.put(name, process);
    if (ready == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    // Alive after the answer too: an answer from another process on its port is not its own.
    while (!(readiness.ready(ready) && process.alive())) {
      if (!process.alive()) {
        process.exited();
        throw new FleetException(
            "service '"
                + name
                + "' exited with code "
                + process.process().exitValue()
                + " before it was ready"
                + (ready.getPort() > 0
                    ? PortHolder.describe(ready.getPort())
                        .map(holder -> " (port " + ready.getPort() + " is held by " + holder + ")")
                        .orElse("")
                    : "")
                + "; see its output in "
                + process.log());
      }
      if (System.nanoTime() > deadline) {
        throw new FleetException(
            "service '"
                + name
                + "' did not answer on "
                + ready
                + " within "
                + timeout.toSeconds()
                + " s; see its output in "
                + process.log());
      }
      Readiness.pause(Duration.ofMillis(50));
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
    closed = true;
    List<ManagedProcess> started = new ArrayList<>(processes.values());
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).terminate();
    }
    processes.clear();
  }
}
