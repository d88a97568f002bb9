package dev.shakedown.fleet.local;

import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Instances are real OS processes: kill is SIGKILL (of the process and its descendants), stop is
 * SIGTERM, start launches the command again on the instance's port. A supervisor replaces dead
 * instances after {@code replaceAfter}, as an auto-scaling group would. Every process the fleet
 * started is ended by {@link #close()}, and by a shutdown hook if the harness is interrupted.
 */
final class LocalFleet implements Fleet {
  private static final Duration SUPERVISION_PERIOD = Duration.ofMillis(100);

  private final String cloud;
  private final LocalSettings settings;
  private final FleetContext context;
  private final List<LocalInstance> instances = new ArrayList<>();
  private final Readiness readiness = new Readiness();
  private final Thread shutdownHook;
  private volatile ScheduledExecutorService supervisor;
  private int launched;
  private volatile boolean closed;

  private LocalFleet(String cloud, LocalSettings settings, FleetContext context) {
    this.cloud = cloud;
    this.settings = settings;
    this.context = context;
    // A last resort: the run closes its fleets itself, in order, before the JVM exits.
    this.shutdownHook = new Thread(this::close, "shakedown-local-fleet-" + cloud);
  }

  static LocalFleet start(String cloud, LocalSettings settings, FleetContext context) {
    LocalFleet fleet = new LocalFleet(cloud, settings, context);
    Runtime.getRuntime().addShutdownHook(fleet.shutdownHook);
    try {
      for (int i = 0; i < settings.replicas(); i++) {
        fleet.launch(Ports.free(), fleet.nextIndex());
      }
      fleet.awaitHealthy(settings.replicas(), settings.startTimeout());
      if (settings.supervise() && settings.replicas() > 0) {
        fleet.supervisor =
            Executors.newSingleThreadScheduledExecutor(
                r -> daemon(r, "shakedown-supervisor-" + cloud));
        fleet.supervisor.scheduleWithFixedDelay(
            fleet::supervise,
            SUPERVISION_PERIOD.toMillis(),
            SUPERVISION_PERIOD.toMillis(),
            TimeUnit.MILLISECONDS);
      }
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
    target.process.kill();
    target.markDead(InstanceState.TERMINATED);
  }

  @Override
  public void stop(Instance instance) {
    LocalInstance target = find(instance);
    target.state = InstanceState.STOPPED; // first, so the supervisor does not replace it
    target.process.terminate();
  }

  @Override
  public void start(Instance instance) {
    LocalInstance target = find(instance);
    if (target.process.alive()) {
      return;
    }
    synchronized (this) {
      instances.remove(target);
    }
    LocalInstance started = launch(target.port, target.index);
    awaitReady(started, settings.startTimeout());
  }

  /** A process has no reboot of its own: SIGTERM, then the same instance started again. */
  @Override
  public void reboot(Instance instance) {
    stop(instance);
    start(instance);
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
        if (!instance.process.alive() && instance.state == InstanceState.STARTING) {
          throw diedAtStart(instance);
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
      Readiness.pause(Duration.ofMillis(50));
    }
  }

  @Override
  public boolean outlivesRun() {
    return false;
  }

  /**
   * Stops the supervisor first, and waits for a replacement it is starting, so that nothing is
   * launched after the processes are ended: an orphan would answer the next run's probes.
   */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService watching = supervisor;
    if (watching != null) {
      watching.shutdownNow();
      try {
        watching.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; nothing left to remove.
    }
  }

  /**
   * Replaces instances that died (killed or crashed, not stopped on purpose) once replaceAfter has
   * passed.
   */
  private void supervise() {
    if (closed) {
      return;
    }
    List<LocalInstance> dead;
    synchronized (this) {
      for (LocalInstance instance : instances) {
        if (!instance.process.alive()
            && instance.state != InstanceState.STOPPED
            && instance.diedAt == 0) {
          instance.markDead(InstanceState.TERMINATED);
          instance.process.exited();
        }
      }
      long now = System.nanoTime();
      dead =
          instances.stream()
              .filter(
                  i ->
                      i.state == InstanceState.TERMINATED
                          && now - i.diedAt >= settings.replaceAfter().toNanos())
              .collect(Collectors.toList());
      instances.removeAll(dead);
    }
    // A new instance becomes RUNNING when it first answers, as a group's health check would see it.
    List<LocalInstance> starting;
    synchronized (this) {
      starting = instances.stream().filter(i -> i.state == InstanceState.STARTING).toList();
    }
    starting.forEach(this::ready);
    for (LocalInstance gone : dead) {
      if (closed) {
        return;
      }
      try {
        launch(Ports.free(), nextIndex());
      } catch (FleetException e) {
        // A replacement that cannot start is seen by awaitHealthy, which says so with the log path.
      }
    }
  }

  private synchronized int nextIndex() {
    return ++launched;
  }

  private synchronized void destroyAll() {
    instances.parallelStream().forEach(i -> i.process.terminate());
  }

  private LocalInstance launch(int port, int index) {
    String zone = settings.zones().get((index - 1) % settings.zones().size());
    String id = cloud + "-" + index;
    Map<String, String> environment =
        settings.env().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().reveal()));
    ManagedProcess process =
        ManagedProcess.start(
            "instance " + cloud + "/" + id,
            settings.command(),
            Map.of(
                "port",
                Integer.toString(port),
                "cloud",
                cloud,
                "index",
                Integer.toString(index),
                "zone",
                zone),
            environment,
            context.logDirectory().resolve(id + ".log"),
            context.redactor()::redact,
            context.undo());
    LocalInstance instance = new LocalInstance(id, index, port, zone, process);
    synchronized (this) {
      if (closed) {
        // Started while the fleet was closing: ended at once, never left behind.
        process.terminate();
        throw new FleetException("cloud '" + cloud + "' is closed");
      }
      instances.add(instance);
    }
    return instance;
  }

  private void awaitReady(LocalInstance instance, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready(instance)) {
      if (!instance.process.alive()) {
        throw diedAtStart(instance);
      }
      if (System.nanoTime() > deadline) {
        throw new FleetException(
            instance.view().qualifiedId()
                + " did not answer on "
                + settings.ready()
                + " within "
                + timeout.toSeconds()
                + " s; see its output in "
                + instance.process.log());
      }
      Readiness.pause(Duration.ofMillis(50));
    }
  }

  private FleetException diedAtStart(LocalInstance instance) {
    return new FleetException(
        instance.view().qualifiedId()
            + " exited with code "
            + instance.process.process().exitValue()
            + " before it was ready"
            + dev.shakedown.undo.PortHolder.describe(instance.port)
                .map(holder -> " (its port " + instance.port + " is held by " + holder + ")")
                .orElse("")
            + "; see its output in "
            + instance.process.log());
  }

  private boolean ready(LocalInstance instance) {
    if (!instance.process.alive() || instance.state == InstanceState.STOPPED) {
      return false;
    }
    // Alive after the answer too: an answer from another process on its port is not its own.
    boolean ok =
        readiness.ready(instance.address().resolve(settings.ready())) && instance.process.alive();
    if (ok && instance.state == InstanceState.STARTING) {
      instance.state = InstanceState.RUNNING;
    }
    return ok;
  }

  private synchronized LocalInstance find(Instance instance) {
    return instances.stream()
        .filter(candidate -> candidate.id.equals(instance.id()))
        .findFirst()
        .orElseThrow(
            () ->
                new FleetException(
                    "cloud '" + cloud + "' has no instance " + instance.id() + " (any more)"));
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private final class LocalInstance {
    final String id;
    final int index;
    final int port;
    final String zone;
    final ManagedProcess process;
    volatile InstanceState state = InstanceState.STARTING;
    volatile long diedAt;

    LocalInstance(String id, int index, int port, String zone, ManagedProcess process) {
      this.id = id;
      this.index = index;
      this.port = port;
      this.zone = zone;
      this.process = process;
    }

    void markDead(InstanceState newState) {
      state = newState;
      diedAt = System.nanoTime();
    }

    URI address() {
      return URI.create("http://127.0.0.1:" + port);
    }

    Instance view() {
      InstanceState shown = state;
      if (!process.alive() && shown != InstanceState.STOPPED) {
        shown = InstanceState.TERMINATED;
      }
      return new Instance(
          id,
          cloud,
          zone,
          address(),
          shown,
          settings.labels(),
          Map.of("pid", Long.toString(process.pid()), "index", Integer.toString(index)));
    }
  }
}
