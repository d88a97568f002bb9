package dev.shakedown.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A history in a folder, {@code reports/history/} by default: {@code <run id>.json} per run, each
 * written whole to a temporary name and renamed into place, so a reader never sees half of one.
 */
public final class DirectoryHistory implements HistoryStore {
  private static final ObjectMapper JSON = dev.shakedown.report.RunRecord.JSON;

  private final Path folder;

  public DirectoryHistory(Path folder) {
    this.folder = folder;
  }

  @Override
  public String describe() {
    return folder.toString();
  }

  @Override
  public void add(RunSummary summary) {
    if (!summary.runId().matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("not a run id: " + summary.runId());
    }
    try {
      Files.createDirectories(folder);
      Path target = folder.resolve(summary.runId() + ".json");
      Path partial = Files.createTempFile(folder, "." + summary.runId() + "-", ".partial");
      try {
        Files.write(partial, JSON.writeValueAsBytes(summary));
        if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
          // A temporary file is owner-only; a summary is for every job that shares the folder.
          Files.setPosixFilePermissions(
              partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
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
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot add the run to the history in " + folder + ": " + e.getMessage());
    }
  }

  @Override
  public Listing list() {
    List<RunSummary> runs = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return new Listing(runs, unreadable);
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files =
          listing
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ShakedownException("cannot list the history in " + folder + ": " + e.getMessage());
    }
    for (Path file : files) {
      try {
        runs.add(JSON.readValue(file.toFile(), RunSummary.class));
      } catch (IOException | RuntimeException e) {
        unreadable.add(file + ": not a run summary (" + e.getClass().getSimpleName() + ")");
      }
    }
    runs.sort(Comparator.comparing(RunSummary::started).thenComparing(RunSummary::runId));
    return new Listing(runs, unreadable);
  }
}
