package dev.shakedown.fleet.local;

import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Instances are real OS processes: kill is SIGKILL (of the process and its descendants), stop is
 * SIGTERM, start launches the command again on the instance's port. Every process the fleet started
 * is ended by {@link #close()}, and by a shutdown hook if the harness itself is interrupted.
 */
final class LocalFleet implements Fleet {
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final String cloud;
  private final LocalSettings settings;
  private final FleetContext context;
  private final List<LocalInstance> instances = new ArrayList<>();
  // Created on first use: building an HttpClient costs a few hundred milliseconds of start-up,
  // wasted on a cloud that is only probed and has no instances to wait for.
  private HttpClient http;
  private final Thread shutdownHook;
  private int launched;

  private LocalFleet(String cloud, LocalSettings settings, FleetContext context) {
    this.cloud = cloud;
    this.settings = settings;
    this.context = context;
    this.shutdownHook = new Thread(this::destroyAll, "shakedown-local-fleet-" + cloud);
  }

  static LocalFleet start(String cloud, LocalSettings settings, FleetContext context) {
    LocalFleet fleet = new LocalFleet(cloud, settings, context);
    Runtime.getRuntime().addShutdownHook(fleet.shutdownHook);
    try {
      for (int i = 0; i < settings.replicas(); i++) {
        fleet.launch(freePort());
      }
      fleet.awaitHealthy(settings.replicas(), settings.startTimeout());
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public synchronized List<Instance> instances() {
    return instances.stream().map(LocalInstance::view).toList();
  }

  @Override
  public void kill(Instance instance) {
    LocalInstance target = find(instance);
    target.process.descendants().forEach(ProcessHandle::destroyForcibly);
    target.process.destroyForcibly();
    awaitExit(target, STOP_GRACE);
    target.state = InstanceState.TERMINATED;
  }

  @Override
  public void stop(Instance instance) {
    LocalInstance target = find(instance);
    terminate(target);
    target.state = InstanceState.STOPPED;
  }

  @Override
  public void start(Instance instance) {
    LocalInstance target = find(instance);
    if (target.process.isAlive()) {
      return;
    }
    synchronized (this) {
      instances.remove(target);
    }
    LocalInstance started = launch(target.port, target.index);
    awaitReady(started, settings.startTimeout());
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      List<LocalInstance> current;
      synchronized (this) {
        current = List.copyOf(instances);
      }
      long healthy = current.stream().filter(this::ready).count();
      if (healthy >= count) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      for (LocalInstance instance : current) {
        if (!instance.process.isAlive() && instance.state == InstanceState.STARTING) {
          throw new FleetException(
              instance.view().qualifiedId()
                  + " exited with code "
                  + instance.process.exitValue()
                  + " before it was ready; see its output in "
                  + instance.log);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new FleetException(
            "only "
                + healthy
                + " of "
                + count
                + " instances of cloud '"
                + cloud
                + "' answered on "
                + settings.ready()
                + " within "
                + timeout.toSeconds()
                + " s; see their output in "
                + context.logDirectory());
      }
      sleep(Duration.ofMillis(50));
    }
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; nothing left to remove.
    }
  }

  private synchronized void destroyAll() {
    instances.parallelStream().forEach(this::terminate);
  }

  private void terminate(LocalInstance instance) {
    if (!instance.process.isAlive()) {
      return;
    }
    instance.process.destroy();
    if (!awaitExit(instance, STOP_GRACE)) {
      instance.process.descendants().forEach(ProcessHandle::destroyForcibly);
      instance.process.destroyForcibly();
      awaitExit(instance, STOP_GRACE);
    }
  }

  private LocalInstance launch(int port) {
    return launch(port, ++launched);
  }

  private LocalInstance launch(int port, int index) {
    String zone = settings.zones().get((index - 1) % settings.zones().size());
    String id = cloud + "-" + index;
    List<String> command =
        CommandLine.fill(
            CommandLine.split(settings.command()),
            Map.of(
                "port", Integer.toString(port),
                "java", javaExecutable(),
                "classpath", System.getProperty("java.class.path"),
                "cloud", cloud,
                "index", Integer.toString(index),
                "zone", zone));
    Path log = context.logDirectory().resolve(id + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    settings.env().forEach((name, value) -> builder.environment().put(name, value.reveal()));
    try {
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      LocalInstance instance = new LocalInstance(id, index, port, zone, process, log);
      synchronized (this) {
        instances.add(instance);
      }
      return instance;
    } catch (IOException e) {
      throw new FleetException(
          "cannot start an instance of cloud '"
              + cloud
              + "' with command '"
              + context.redactor().redact(String.join(" ", command))
              + "': "
              + e.getMessage()
              + "; check 'command:' in the cloud's config",
          e);
    }
  }

  private void awaitReady(LocalInstance instance, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready(instance)) {
      if (!instance.process.isAlive()) {
        throw new FleetException(
            instance.view().qualifiedId()
                + " exited with code "
                + instance.process.exitValue()
                + " before it was ready; see its output in "
                + instance.log);
      }
      if (System.nanoTime() > deadline) {
        throw new FleetException(
            instance.view().qualifiedId()
                + " did not answer on "
                + settings.ready()
                + " within "
                + timeout.toSeconds()
                + " s; see its output in "
                + instance.log);
      }
      sleep(Duration.ofMillis(50));
    }
  }

  private boolean ready(LocalInstance instance) {
    if (!instance.process.isAlive()) {
      return false;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(instance.address().resolve(settings.ready()))
              .timeout(PROBE_TIMEOUT)
              .GET()
              .build();
      int status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      boolean ok = status >= 200 && status < 300;
      if (ok && instance.state == InstanceState.STARTING) {
        instance.state = InstanceState.RUNNING;
      }
      return ok;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while waiting for " + instance.view().qualifiedId(), e);
    }
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    }
    return http;
  }

  private synchronized LocalInstance find(Instance instance) {
    return instances.stream()
        .filter(candidate -> candidate.id.equals(instance.id()))
        .findFirst()
        .orElseThrow(
            () -> new FleetException("cloud '" + cloud + "' has no instance " + instance.id()));
  }

  private static boolean awaitExit(LocalInstance instance, Duration timeout) {
    try {
      return instance.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new FleetException("no free port on this machine: " + e.getMessage(), e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted", e);
    }
  }

  private final class LocalInstance {
    final String id;
    final int index;
    final int port;
    final String zone;
    final Process process;
    final Path log;
    volatile InstanceState state = InstanceState.STARTING;

    LocalInstance(String id, int index, int port, String zone, Process process, Path log) {
      this.id = id;
      this.index = index;
      this.port = port;
      this.zone = zone;
      this.process = process;
      this.log = log;
    }

    URI address() {
      return URI.create("http://127.0.0.1:" + port);
    }

    Instance view() {
      InstanceState shown = state;
      if (!process.isAlive() && shown != InstanceState.STOPPED) {
        shown = InstanceState.TERMINATED;
      }
      return new Instance(
          id,
          cloud,
          zone,
          address(),
          shown,
          Map.of("pid", Long.toString(process.pid()), "index", Integer.toString(index)));
    }
  }
}
