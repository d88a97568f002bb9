package dev.shakedown.testing;

import dev.shakedown.cli.CommandLineRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A folder with features and a cloud config, and in-process runs of {@code shakedown} over it. */
public final class Workspace {
  private final Path root;

  public Workspace(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path reports() {
    return root.resolve("reports");
  }

  public Path write(String relative, String content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A config with one endpoint-only cloud and a short steady-state sample. */
  public Path endpointConfig(String endpoint) {
    return write(
        "clouds.yaml",
        """
        clouds:
          cloud-a:
            provider: local
            endpoint: %s
            probe:
              sample: 300ms
              interval: 50ms
        """
            .formatted(endpoint));
  }

  /** The fixed ports of local.yaml's demo: router (HTTP, HTTPS), stores, and their links. */
  private static final List<Integer> DEMO_PORTS = List.of(18080, 18443, 18101, 18102, 18201, 18202);

  private final Map<Integer, Integer> ports = new java.util.HashMap<>();

  /**
   * A copy of config/clouds/local.yaml with each {@code old, new} pair replaced (each old must be
   * there), and the demo's fixed ports moved to free ones, so that integration tests in parallel
   * forks each run a demo of their own: {@link #port} says where one went.
   */
  public Path localConfig(String... replacements) {
    try {
      String yaml = Files.readString(Path.of("config/clouds/local.yaml"));
      for (int i = 0; i < replacements.length; i += 2) {
        if (!yaml.contains(replacements[i])) {
          throw new IllegalArgumentException("local.yaml has no '" + replacements[i] + "'");
        }
        yaml = yaml.replace(replacements[i], replacements[i + 1]);
      }
      if (ports.isEmpty()) {
        for (int fixed : DEMO_PORTS) {
          ports.put(fixed, freePort());
        }
      }
      java.util.regex.Matcher port =
          java.util.regex.Pattern.compile("\\b18[0-9]{3}\\b").matcher(yaml);
      StringBuilder moved = new StringBuilder();
      while (port.find()) {
        int fixed = Integer.parseInt(port.group());
        port.appendReplacement(moved, String.valueOf(ports.getOrDefault(fixed, fixed)));
      }
      port.appendTail(moved);
      return write("clouds.yaml", moved.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@link #localConfig} moved one of the demo's fixed ports (18080, 18443, ...). */
  public int port(int fixed) {
    Integer moved = ports.get(fixed);
    if (moved == null) {
      throw new IllegalStateException(
          "no local config written yet, or " + fixed + " is no demo port");
    }
    return moved;
  }

  /** Bands of ports above the local provider's (10000-23999) and below 32768, one per test JVM. */
  private static final int BANDS = 6;

  private static final int BAND_SIZE = (32_768 - 24_000) / BANDS;

  // Referenced, so that the lock's channel is never collected (and its lock released) meanwhile.
  private static final List<java.nio.channels.FileChannel> HELD = new ArrayList<>();

  private static final int BAND = claimBand();

  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Claims a band for this JVM with a lock file in the temporary folder, held until it exits: two
   * test forks never draw their demos' ports from the same band (a system property per fork came
   * through empty).
   */
  private static int claimBand() {
    for (int band = 0; band < BANDS; band++) {
      try {
        java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(
                Path.of(System.getProperty("java.io.tmpdir"), "shakedown-test-ports-" + band),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        if (channel.tryLock() != null) {
          HELD.add(channel); // open, and the lock held, for the JVM's life
          return band;
        }
        channel.close();
      } catch (IOException | java.nio.channels.OverlappingFileLockException taken) {
        // the next band
      }
    }
    return java.util.concurrent.ThreadLocalRandom.current().nextInt(BANDS);
  }

  /**
   * A free port from this JVM's band: below the system's range for outgoing connections, above the
   * local provider's, and apart from the other fork's demos, so that nothing takes it before the
   * demo binds it.
   */
  private static int freePort() {
    int low = 24_000 + BAND * BAND_SIZE;
    for (int i = 0; i < 1_000; i++) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(low, low + BAND_SIZE);
      // Never twice in this JVM: two fixed ports of one demo, or a port a demo that is still
      // ending holds, would clash when the demo binds them.
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IllegalStateException("no free port found from " + low + " in " + BAND_SIZE);
  }

  /** The processes this JVM started and that still run: none should, once a run is over. */
  public static List<String> processesLeft() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList();
  }

  public CommandLineRun run(Map<String, String> environment, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.get(0).equals("run") && !all.contains("--reports")) {
      all.add("--reports");
      all.add(reports().toString());
    }
    return CommandLineRun.of(environment, all.toArray(String[]::new));
  }

  public CommandLineRun run(String... args) {
    return run(Map.of(), args);
  }

  public Path latestRun() {
    return reports().resolve("latest");
  }

  public List<Path> runFolders() {
    if (!Files.isDirectory(reports())) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(reports())) {
      return folders.filter(p -> !p.getFileName().toString().equals("latest")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file of the run folder, concatenated: for "the secret is nowhere" checks. */
  public String everythingWritten() {
    try (Stream<Path> files = Files.walk(reports())) {
      StringBuilder all = new StringBuilder();
      files.filter(Files::isRegularFile).forEach(f -> all.append(read(f)));
      return all.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
