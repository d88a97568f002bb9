package dev.shakedown.steps;

import dev.shakedown.drills.Scratch;
import dev.shakedown.drills.Wipe;
import dev.shakedown.evidence.Evidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one scenario's backup drills hold: the requests made ahead of them, the scratch copy, the
 * wipe, and the private folder backups are fetched into. One per scenario, from the container;
 * {@link RevertHooks} ends the scratch copy and removes the folder.
 */
public final class BackupState {
  private final Evidence evidence;
  private final List<String> madeIds = new ArrayList<>();
  private final List<Instant> madeAt = new ArrayList<>();
  private Scratch scratch;
  private Wipe wipe;
  private Path folder;
  private final java.util.Set<String> planned = new java.util.HashSet<>();

  public BackupState(Evidence evidence) {
    this.evidence = evidence;
  }

  /**
   * In a dry run, what a real run would have by now (a scratch copy, a wipe): the steps that read
   * it are planned, not refused.
   */
  synchronized void planned(String thing) {
    planned.add(thing);
  }

  synchronized boolean wouldHave(String thing) {
    return planned.contains(thing);
  }

  synchronized void made(List<String> ids, List<Instant> acceptedAt) {
    madeIds.addAll(ids);
    madeAt.addAll(acceptedAt);
  }

  /**
   * What a new backup must be taken after: a moment after the last request made, when it has
   * reached its store and the other cloud's (replication lags a little); now, when none was made.
   */
  synchronized Instant dueAfter() {
    return lastMade().orElse(Instant.now()).plusSeconds(1);
  }

  synchronized Optional<Instant> lastMade() {
    return madeAt.stream().max(Instant::compareTo);
  }

  /** The requests accepted before {@code at}: what a backup taken then must hold. */
  synchronized List<String> madeBefore(Instant at) {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < madeIds.size(); i++) {
      if (madeAt.get(i).isBefore(at)) {
        before.add(madeIds.get(i));
      }
    }
    return before;
  }

  synchronized void scratch(Scratch scratch) {
    this.scratch = scratch;
  }

  synchronized Optional<Scratch> scratch() {
    return Optional.ofNullable(scratch);
  }

  synchronized void wiped(Wipe wipe) {
    this.wipe = wipe;
  }

  synchronized Optional<Wipe> wipe() {
    return Optional.ofNullable(wipe);
  }

  /** A private folder for fetched backups, removed when the scenario ends. */
  synchronized Path folder() throws IOException {
    if (folder == null) {
      folder =
          Files.createTempDirectory(
              "shakedown-restore",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return folder;
  }

  /** Ends the scratch copy and removes what was fetched for it. */
  synchronized void removeScratch(Consumer<String> stop) {
    if (scratch != null) {
      stop.accept(scratch.name());
    }
    if (folder != null) {
      try (var files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        evidence.event("could not remove " + folder + ": " + e.getMessage());
      }
      folder = null;
    }
  }
}
