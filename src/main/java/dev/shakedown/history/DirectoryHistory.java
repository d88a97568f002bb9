package dev.shakedown.history;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A history in a folder, {@code reports/history/} by default: each object written whole to a
 * temporary name and renamed into place, so a reader never sees half of one.
 */
public final class DirectoryHistory extends SummaryObjects {
  private final Path folder;

  public DirectoryHistory(Path folder) {
    this.folder = folder;
  }

  @Override
  public String describe() {
    return folder.toString();
  }

  @Override
  protected String where(String name) {
    return folder.resolve(name).toString();
  }

  @Override
  protected void put(String name, byte[] bytes) throws IOException {
    Path target = folder.resolve(name);
    Files.createDirectories(target.getParent());
    Path partial =
        Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".partial");
    try {
      Files.write(partial, bytes);
      if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
        // A temporary file is owner-only; a summary is for every job that shares the folder.
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  protected List<String> names() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
    }
  }

  @Override
  protected Optional<byte[]> get(String name) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(folder.resolve(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
