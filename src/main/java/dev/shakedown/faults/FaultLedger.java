package dev.shakedown.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The run's record of every fault and every process it started: a line is written (and forced to
 * disk) before the fault is applied, and another when it is reverted. A run that dies in between
 * leaves lines without their revert, which the next run, or {@code shakedown sweep}, reverts.
 */
public final class FaultLedger implements AutoCloseable {
  static final String DIRECTORY = ".ledger";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .findAndRegisterModules();

  private final String run;
  private final Path file;
  private final FileChannel channel;

  private FaultLedger(String run, Path file, FileChannel channel) {
    this.run = run;
    this.file = file;
    this.channel = channel;
  }

  /** The ledger of run {@code run}, under {@code reportsRoot/.ledger/}. */
  public static FaultLedger open(Path reportsRoot, String run) {
    try {
      Path directory = reportsRoot.resolve(DIRECTORY);
      Files.createDirectories(directory);
      Path file = directory.resolve(run + ".jsonl");
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new FaultLedger(run, file, channel);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot write the fault ledger under "
              + reportsRoot
              + " ("
              + e.getMessage()
              + "); check --reports");
    }
  }

  public String run() {
    return run;
  }

  public Path file() {
    return file;
  }

  /** Records a fault about to be applied; returns its id for {@link #reverted}. */
  public String applying(Entry entry) {
    String id = UUID.randomUUID().toString();
    write(entry.with("applying", id, run));
    return id;
  }

  public void reverted(String id) {
    write(Entry.closing("reverted", id, run, null));
  }

  public void revertFailed(String id, String reason) {
    write(Entry.closing("revert-failed", id, run, reason));
  }

  private synchronized void write(Entry entry) {
    try {
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      channel.write(ByteBuffer.wrap(line));
      channel.force(false); // on disk before the fault is: a SIGKILL right after must not lose it
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot write the fault ledger " + file + " (" + e.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Every line was forced when it was written.
    }
  }

  /** Faults that runs other than {@code exceptRun} applied and never reverted, oldest first. */
  static Map<Path, List<Entry>> unreverted(Path reportsRoot, String exceptRun) {
    Path directory = reportsRoot.resolve(DIRECTORY);
    Map<Path, List<Entry>> open = new LinkedHashMap<>();
    if (!Files.isDirectory(directory)) {
      return open;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        if (file.getFileName().toString().equals(exceptRun + ".jsonl")) {
          continue;
        }
        Map<String, Entry> applied = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          Entry entry;
          try {
            entry = JSON.readValue(line, Entry.class);
          } catch (IOException torn) {
            continue; // the last line of a run killed mid-write
          }
          if (entry.event().equals("applying")) {
            applied.put(entry.id(), entry);
          } else if (entry.event().equals("reverted")) {
            applied.remove(entry.id());
          }
        }
        if (!applied.isEmpty()) {
          open.put(file, new ArrayList<>(applied.values()));
        }
      }
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot read the fault ledgers in " + directory + " (" + e.getMessage() + ")");
    }
    return open;
  }

  /** Appends a line to another run's ledger: the sweep's record of what it reverted. */
  static void append(Path file, Entry entry) {
    try {
      Files.writeString(
          file,
          JSON.writeValueAsString(entry) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot update the fault ledger " + file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * One line of the ledger.
   *
   * @param kind {@code toxic}, {@code proxy-disabled}, {@code instance-stopped} or {@code process}
   * @param server the Toxiproxy API, for toxic and proxy faults
   * @param target the Toxiproxy proxy, or the instance ({@code cloud-a/cloud-a-1}), or the
   *     process's pid
   * @param name the toxic's name, or the process's start time (to tell a reused pid apart)
   */
  public record Entry(
      String event,
      String id,
      String run,
      String kind,
      String server,
      String target,
      String name,
      String link,
      String description,
      Long pid,
      String note,
      Instant at) {

    public static Entry toxic(
        String server, String proxy, String toxic, String link, String description) {
      return new Entry(
          null, null, null, "toxic", server, proxy, toxic, link, description, null, null, null);
    }

    public static Entry proxyDisabled(
        String server, String proxy, String link, String description) {
      return new Entry(
          null,
          null,
          null,
          "proxy-disabled",
          server,
          proxy,
          null,
          link,
          description,
          null,
          null,
          null);
    }

    public static Entry instanceStopped(String instance, String description) {
      return new Entry(
          null,
          null,
          null,
          "instance-stopped",
          null,
          instance,
          null,
          null,
          description,
          null,
          null,
          null);
    }

    public static Entry process(ProcessHandle process, String description) {
      String started = process.info().startInstant().map(Instant::toString).orElse(null);
      return new Entry(
          null,
          null,
          null,
          "process",
          null,
          null,
          started,
          null,
          description,
          process.pid(),
          null,
          null);
    }

    /** The line that closes the fault {@code id}: reverted, or a revert that failed, with why. */
    static Entry closing(String event, String id, String run, String note) {
      return new Entry(
          event, id, run, null, null, null, null, null, null, null, note, Instant.now());
    }

    Entry with(String newEvent, String newId, String newRun) {
      return new Entry(
          newEvent,
          newId,
          newRun,
          kind,
          server,
          target,
          name,
          link,
          description,
          pid,
          note,
          Instant.now());
    }
  }
}
