package dev.shakedown.undo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reverts what dead runs left open in their ledgers. Every {@code shakedown run} does this before
 * it starts, and {@code shakedown sweep} on demand. A run that is alive (its lock says so) is left
 * alone; an entry that cannot be reverted now (an unreachable API) stays open for the next sweep,
 * and is never written off as reverted.
 */
public final class Sweep {
  private Sweep() {}

  /** Reverts one open entry, of any kind but the processes this class ends itself. */
  @FunctionalInterface
  public interface Sweeper {
    /**
     * @param runAlive the run that made it still runs (swept with --force): what lives in its JVM,
     *     such as its embedded fault proxy, is still there
     */
    Outcome sweep(LedgerEntry entry, String run, boolean runAlive);
  }

  /**
   * What a sweep did about one entry.
   *
   * @param event the closing line written: reverted, ended, or none (still open)
   */
  public record Outcome(String event, String note) {
    public static Outcome reverted(String note) {
      return new Outcome(LedgerLine.REVERTED, note);
    }

    public static Outcome ended(String note) {
      return new Outcome(LedgerLine.ENDED, note);
    }

    /** Still applied: {@code reason} says why and what to do. */
    public static Outcome left(String reason) {
      return new Outcome(null, reason);
    }

    boolean closes() {
      return event != null;
    }
  }

  /**
   * @param lines one per entry and per run left alone, as the console shows them
   * @param left what is still applied, one line each, a live run's included
   * @param stuck what dead runs left applied that could not be reverted now
   * @param warnings ledger lines that could not be read, one each
   */
  public record Report(
      List<String> lines, List<String> left, List<LedgerEntry> stuck, List<String> warnings) {
    public boolean clean() {
      return left.isEmpty();
    }
  }

  /**
   * @param exceptRun the sweeping run's own id, whose ledger is not a dead run's
   * @param force sweep runs whose lock says they are alive too
   */
  public static Report run(Path reportsRoot, String exceptRun, boolean force, Sweeper sweeper) {
    List<String> lines = new ArrayList<>();
    List<String> left = new ArrayList<>();
    List<LedgerEntry> stuck = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // One sweep at a time per reports folder: two runs starting at once must not both revert, and
    // then delete, the same dead run's ledger.
    try (SweepLock exclusive = SweepLock.take(reportsRoot)) {
      sweepAll(reportsRoot, exceptRun, force, sweeper, lines, left, stuck, warnings);
    }
    return new Report(lines, left, stuck, warnings);
  }

  private static void sweepAll(
      Path reportsRoot,
      String exceptRun,
      boolean force,
      Sweeper sweeper,
      List<String> lines,
      List<String> left,
      List<LedgerEntry> stuck,
      List<String> warnings) {
    for (LedgerFiles.RunLedger ledger : LedgerFiles.read(reportsRoot, exceptRun)) {
      warnings.addAll(ledger.warnings());
      Optional<String> holder = RunLock.alive(reportsRoot, ledger.run());
      if (holder.isPresent() && !force) {
        if (!ledger.open().isEmpty()) {
          ledger
              .open()
              .forEach(
                  e ->
                      left.add("run " + ledger.run() + ": " + e.describe() + ": its run is alive"));
          lines.add(
              "run "
                  + ledger.run()
                  + " is still alive ("
                  + holder.get()
                  + "): its "
                  + ledger.open().size()
                  + " open "
                  + (ledger.open().size() == 1 ? "entry is" : "entries are")
                  + " its own; left alone (--force sweeps them anyway)");
        }
        continue;
      }
      List<LedgerFiles.OpenEntry> open = new ArrayList<>(ledger.open());
      // Newest first, as a run reverts (an instance is started before its group's health checks
      // come back); processes before anything: whatever lived in them ends with them.
      java.util.Collections.reverse(open);
      open.sort(Comparator.comparing(e -> e.entry() instanceof LedgerEntry.StartedProcess ? 0 : 1));
      int stillOpen = 0;
      // Clouds with a stopped instance that could not be started: the changes that hold it
      // stopped (its group's health checks suspended) stay, or the group would replace it.
      Set<String> stillStopped = new HashSet<>();
      for (LedgerFiles.OpenEntry entry : open) {
        Outcome outcome;
        try {
          if (entry.entry() instanceof LedgerEntry.CloudChanged change
              && stillStopped.contains(change.cloud().name())) {
            outcome =
                Outcome.left(
                    "kept, as a stopped instance of cloud "
                        + change.cloud().name()
                        + " still needs it");
          } else {
            outcome =
                entry.entry() instanceof LedgerEntry.StartedProcess process
                    ? endProcess(process)
                    : sweeper.sweep(entry.entry(), ledger.run(), holder.isPresent());
          }
        } catch (RuntimeException e) {
          outcome = Outcome.left(String.valueOf(e.getMessage()));
        }
        if (!outcome.closes() && entry.entry() instanceof LedgerEntry.InstanceStopped stopped) {
          stillStopped.add(stopped.cloud().name());
        }
        String line = "run " + ledger.run() + ": " + entry.describe() + ": ";
        if (outcome.closes()) {
          Ledger.append(
              ledger.file(),
              new LedgerLine(
                  outcome.event(),
                  entry.id(),
                  ledger.run(),
                  Instant.now(),
                  null,
                  "by sweep: " + outcome.note()));
          lines.add("swept: " + line + outcome.note());
        } else {
          stillOpen++;
          left.add(line + outcome.note());
          stuck.add(entry.entry());
          lines.add("left: " + line + outcome.note());
        }
      }
      // A live run (swept with --force) keeps its files: it is still writing to them.
      if (stillOpen == 0 && holder.isEmpty()) {
        deleteQuietly(ledger.file());
        deleteQuietly(ledger.file().resolveSibling(ledger.run() + ".lock"));
      }
    }
  }

  /**
   * Ends a process of a dead run (and what it started), if the pid still names that process: a pid
   * reused by an unrelated process is left alone.
   */
  static Outcome endProcess(LedgerEntry.StartedProcess entry) {
    if (!entry.host().equals(RunLock.host())) {
      return Outcome.left(
          "it runs on host " + entry.host() + ", not this one; run shakedown sweep there");
    }
    Optional<ProcessHandle> process = ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive);
    if (process.isPresent() && entry.started() == null) {
      return Outcome.left(
          "its start time was not recorded, so pid "
              + entry.pid()
              + " cannot be told from a reused one; end it yourself if it is still Shakedown's");
    }
    boolean same =
        process.isPresent()
            && process
                .get()
                .info()
                .startInstant()
                .map(s -> s.equals(entry.started()))
                .orElse(false);
    if (!same) {
      return Outcome.ended("not running any more");
    }
    List<ProcessHandle> descendants = process.get().descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.get().destroyForcibly();
    try {
      process.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception stillThere) {
      return Outcome.left("pid " + entry.pid() + " did not end on SIGKILL within 10 s");
    }
    return Outcome.reverted("ended pid " + entry.pid() + " (SIGKILL)");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException ignored) {
      // Left for the next sweep, which finds nothing open in it.
    }
  }
}
