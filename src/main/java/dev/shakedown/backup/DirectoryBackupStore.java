package dev.shakedown.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Backups as files in a folder, as the demo's stores (and many a cron job) write them. Encryption
 * at rest is what the files show: each must be sealed (see {@link SealedBackups}) and, when a key
 * is configured, open with it. Public access is what their permissions show: a backup others on the
 * machine may read is a backup anyone with an account can copy.
 */
public final class DirectoryBackupStore implements BackupStore {
  private final Path directory;
  private final Optional<String> key;

  /** {@code store: directory}. */
  public static final class Provider extends StoreProvider<DirectoryStoreSettings> {
    public Provider() {
      super("directory", DirectoryStoreSettings.class, DirectoryBackupStore::open);
    }
  }

  private static DirectoryBackupStore open(
      String dataset, DirectoryStoreSettings settings, Path runDirectory) {
    return new DirectoryBackupStore(
        Path.of(settings.path().replace("{reports}", runDirectory.toString())),
        Optional.ofNullable(settings.encryptionKey()).map(dev.shakedown.config.Secret::reveal));
  }

  public DirectoryBackupStore(Path directory, Optional<String> key) {
    this.directory = directory;
    this.key = key;
  }

  @Override
  public String describe() {
    return "directory " + directory;
  }

  @Override
  public List<Backup> list() {
    List<Backup> backups = new ArrayList<>();
    for (Path file : files()) {
      try {
        backups.add(
            new Backup(
                file.getFileName().toString(),
                BackupTimes.fromName(file.getFileName().toString())
                    .orElse(Files.getLastModifiedTime(file).toInstant()),
                Files.size(file)));
      } catch (NoSuchFileException pruned) {
        // The backup job's retention removed it while we looked.
      } catch (IOException e) {
        throw new BackupException("cannot read " + file + ": " + why(file, e), e);
      }
    }
    backups.sort(Comparator.comparing(Backup::takenAt).thenComparing(Backup::name));
    return backups;
  }

  @Override
  public Fact encryptionAtRest() {
    List<Path> files = files();
    if (files.isEmpty()) {
      return new Fact(false, "no backup in " + directory + " to look at");
    }
    List<String> clear = new ArrayList<>();
    int looked = 0;
    for (Path file : files) {
      Optional<byte[]> read = readIfThere(file);
      if (read.isEmpty()) {
        continue; // removed by the backup job's retention while we looked
      }
      looked++;
      byte[] bytes = read.get();
      if (!SealedBackups.isSealed(bytes)) {
        clear.add(file.getFileName().toString());
      } else if (key.isPresent()) {
        SealedBackups.open(bytes, key.get(), file.getFileName().toString());
      }
    }
    if (!clear.isEmpty()) {
      return new Fact(
          false,
          clear.size()
              + " of "
              + looked
              + " backups in "
              + directory
              + " are stored in the clear: "
              + String.join(", ", clear.subList(0, Math.min(3, clear.size()))));
    }
    return new Fact(
        true,
        "all "
            + looked
            + " backups sealed with AES-GCM"
            + (key.isPresent() ? " and opened with the configured key" : ""));
  }

  @Override
  public Fact publicAccess() {
    List<String> open = new ArrayList<>();
    try {
      if (others(directory)) {
        open.add(directory + "/ (" + mode(directory) + ")");
      }
      for (Path file : files()) {
        try {
          if (others(file)) {
            open.add(file.getFileName() + " (" + mode(file) + ")");
          }
        } catch (NoSuchFileException pruned) {
          // removed by the backup job's retention while we looked
        }
      }
    } catch (UnsupportedOperationException e) {
      throw new BackupException(
          directory
              + " is on a file system without POSIX permissions; its access cannot be judged");
    } catch (IOException e) {
      throw new BackupException("cannot read the permissions in " + directory, e);
    }
    return open.isEmpty()
        ? new Fact(false, "only the owner may read " + directory + " and its backups")
        : new Fact(
            true,
            "others on the machine may read "
                + String.join(", ", open.subList(0, Math.min(3, open.size()))));
  }

  @Override
  public InputStream open(Backup backup) {
    Path file = directory.resolve(backup.name());
    byte[] bytes = read(file);
    if (SealedBackups.isSealed(bytes)) {
      bytes =
          SealedBackups.open(
              bytes,
              key.orElseThrow(
                  () ->
                      new BackupException(
                          backup.name()
                              + " is sealed and no encryptionKey is configured for "
                              + describe())),
              backup.name());
    }
    return new ByteArrayInputStream(bytes);
  }

  private List<Path> files() {
    if (!Files.isDirectory(directory)) {
      throw new BackupException(
          "no backup folder " + directory + "; check the path of this dataset's backups");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().endsWith(".partial"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new BackupException("cannot list " + directory + ": " + why(directory, e), e);
    } catch (java.io.UncheckedIOException e) { // the listing failed part way through
      throw new BackupException(
          "cannot list " + directory + ": " + why(directory, e.getCause()), e);
    }
  }

  /** An IOException's message is often the path alone: its kind says more then. */
  private static String why(Path file, IOException e) {
    return e.getMessage() == null || e.getMessage().equals(file.toString())
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  private static Optional<byte[]> readIfThere(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException pruned) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + why(file, e), e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + why(file, e), e);
    }
  }

  private static boolean others(Path path) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    return permissions.contains(PosixFilePermission.OTHERS_READ);
  }

  private static String mode(Path path) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path));
  }
}
