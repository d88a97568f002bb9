package dev.shakedown.demo;

import dev.shakedown.backup.SealedBackups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo store's backup job: a timestamped snapshot, written whole or not at all, sealed when it
 * has a key, readable by the owner only unless told otherwise, the newest {@code keep} kept.
 */
final class BackupJob {
  private final DonationStore store;
  private final Path directory;
  private final String key;
  private final boolean worldReadable;
  private final int keep;

  BackupJob(DonationStore store, Path directory, String key, boolean worldReadable, int keep) {
    this.store = store;
    this.directory = directory;
    this.key = key;
    this.worldReadable = worldReadable;
    this.keep = keep;
  }

  /** Takes a backup stamped {@code at}; the stamp is read before the snapshot, never after. */
  void run(Instant at) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(
          directory, PosixFilePermissions.fromString(worldReadable ? "rwxr-xr-x" : "rwx------"));
      String stamp = DonationStore.STAMP.format(at);
      byte[] plain = store.snapshot().getBytes(StandardCharsets.UTF_8);
      byte[] bytes = key == null ? plain : SealedBackups.seal(plain, key);
      Path target =
          directory.resolve("donations-" + stamp + (key == null ? ".jsonl" : ".jsonl.sealed"));
      Path partial = directory.resolve(target.getFileName() + ".partial");
      Files.write(partial, bytes);
      Files.setPosixFilePermissions(
          partial, PosixFilePermissions.fromString(worldReadable ? "rw-r--r--" : "rw-------"));
      Files.setLastModifiedTime(partial, FileTime.from(at));
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      prune();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prune() throws IOException {
    List<Path> backups;
    try (Stream<Path> files = Files.list(directory)) {
      backups =
          files
              .filter(f -> f.getFileName().toString().startsWith("donations-"))
              .filter(f -> !f.getFileName().toString().endsWith(".partial"))
              .sorted()
              .toList();
    }
    for (int i = 0; i < backups.size() - keep; i++) {
      Files.deleteIfExists(backups.get(i));
    }
  }
}
