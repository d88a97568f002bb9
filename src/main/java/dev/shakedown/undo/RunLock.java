package dev.shakedown.undo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A run's claim on its ledger: {@code <reports>/.ledger/<run>.lock} names its pid, host and start,
 * and its modification time is refreshed every few seconds (the heartbeat). No sweep touches the
 * ledger of a run that is alive: on this host, its pid still runs with the same start time;
 * elsewhere (a shared reports folder), its heartbeat is fresh.
 */
public final class RunLock implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(3);
  static final Duration STALE = Duration.ofSeconds(30);

  private final Path file;
  private final ScheduledExecutorService heartbeat;

  private RunLock(Path file, ScheduledExecutorService heartbeat) {
    this.file = file;
    this.heartbeat = heartbeat;
  }

  public static RunLock acquire(Path reportsRoot, String run) {
    Path file = Ledger.directory(reportsRoot).resolve(run + ".lock");
    ProcessHandle self = ProcessHandle.current();
    Map<String, Object> lock = new LinkedHashMap<>();
    lock.put("run", run);
    lock.put("pid", self.pid());
    lock.put("host", host());
    lock.put("processStarted", self.info().startInstant().map(Instant::toString).orElse(null));
    lock.put("started", Instant.now().toString());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Ledger.JSON.writeValueAsString(lock) + "\n");
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot write the run's lock " + file + " (" + e.getMessage() + "); check --reports");
    }
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "shakedown-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    beat.scheduleAtFixedRate(
        () -> touch(file), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    return new RunLock(file, beat);
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException ignored) {
      // A missed beat is made up by the next; only thirty seconds of silence mean "dead".
    }
  }

  /** Stops the heartbeat and removes the lock: the run is over. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A lock whose pid is gone is read as a dead run's.
    }
  }

  /**
   * Whether run {@code run} is alive: empty when it is not (no lock, its process gone, or its
   * heartbeat stale); otherwise who holds it, as in {@code pid 4242 on host ci-7}.
   */
  public static Optional<String> alive(Path reportsRoot, String run) {
    Path file = Ledger.directory(reportsRoot).resolve(run + ".lock");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode lock;
    Instant beat;
    try {
      lock = Ledger.JSON.readTree(Files.readString(file));
      beat = Files.getLastModifiedTime(file).toInstant();
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty(); // a lock that cannot be read claims nothing
    }
    long pid = lock.path("pid").asLong(-1);
    String host = lock.path("host").asText("?");
    String holder = "pid " + pid + " on host " + host;
    if (host.equals(host())) {
      String started = lock.path("processStarted").asText(null);
      boolean running =
          ProcessHandle.of(pid)
              .filter(ProcessHandle::isAlive)
              .map(
                  p ->
                      started == null
                          || p.info()
                              .startInstant()
                              .map(s -> s.toString().equals(started))
                              .orElse(true))
              .orElse(false);
      return running ? Optional.of(holder) : Optional.empty();
    }
    return Duration.between(beat, Instant.now()).compareTo(STALE) < 0
        ? Optional.of(holder)
        : Optional.empty();
  }

  /** This machine's name, as locks record it. */
  public static String host() {
    // /etc/hostname first: the same for every process of the machine, whatever its environment.
    try {
      String name = Files.readString(Path.of("/etc/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux, or not readable: ask the environment, then the network stack
    }
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "localhost";
    }
  }
}
