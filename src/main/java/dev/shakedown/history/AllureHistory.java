package dev.shakedown.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Allure's own trend, carried from run to run as Allure expects: the {@code history/} folder of the
 * last report goes into the next run's {@code allure-results/history/}. Kept in the history store,
 * as one JSON object per run holding those files, since a CI workspace keeps no earlier report.
 */
public final class AllureHistory {
  /** The files Allure writes into {@code history/}: nothing else is read from a store. */
  private static final String FILE_NAME = "[a-z][a-z-]*\\.json";

  /** How many of the newest runs are asked for one: a run made without a report has none. */
  private static final int LOOK_BACK = 5;

  private AllureHistory() {}

  /**
   * Keeps the history of a run's Allure report, {@code allure-report/history/}, in the store.
   *
   * @return false when the report has no history folder
   */
  public static boolean keep(HistoryStore store, String runId, Path allureReport) {
    Path history = allureReport.resolve("history");
    if (!Files.isDirectory(history)) {
      return false;
    }
    ObjectNode files = RunRecord.JSON.createObjectNode();
    try (Stream<Path> listing = Files.list(history)) {
      for (Path file : listing.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.matches(FILE_NAME) && Files.isRegularFile(file)) {
          files.set(name, RunRecord.JSON.readTree(file.toFile()));
        }
      }
      store.addAllureHistory(runId, RunRecord.JSON.writeValueAsBytes(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Allure history in " + history, e);
    }
    return true;
  }

  /**
   * Puts the newest Allure history the store keeps for one of these runs into {@code
   * allure-results/history/}.
   *
   * @param earlier the history's runs, oldest first
   * @return the run whose Allure history was put there, if any
   */
  public static Optional<String> feed(
      HistoryStore store, List<RunSummary> earlier, Path allureResults) {
    for (int i = earlier.size() - 1; i >= Math.max(0, earlier.size() - LOOK_BACK); i--) {
      String runId = earlier.get(i).runId();
      Optional<byte[]> packed = store.allureHistory(runId);
      if (packed.isPresent()) {
        unpack(packed.get(), allureResults.resolve("history"), store.describe());
        return Optional.of(runId);
      }
    }
    return Optional.empty();
  }

  private static void unpack(byte[] packed, Path folder, String source) {
    try {
      JsonNode files = RunRecord.JSON.readTree(packed);
      if (files == null || !files.isObject()) {
        throw new IOException("not an Allure history kept by Shakedown, in " + source);
      }
      Files.createDirectories(folder);
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> file = it.next();
        // A name from a bucket never becomes a path outside the folder.
        if (file.getKey().matches(FILE_NAME)) {
          Files.write(
              folder.resolve(file.getKey()), RunRecord.JSON.writeValueAsBytes(file.getValue()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot put the Allure history into " + folder, e);
    }
  }
}
