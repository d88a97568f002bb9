package dev.shakedown.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shakedown.ShakedownException;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A history as named objects, whatever keeps them (a folder, a bucket): {@code <run id>.json} per
 * run, and beside them {@code allure/<run id>.json}, the Allure history of that run's report. Each
 * object is written whole, so two runs adding at once each add their own and a reader never sees
 * half of one.
 */
abstract class SummaryObjects implements HistoryStore {
  private static final ObjectMapper JSON = RunRecord.JSON;
  private static final String ALLURE = "allure/";

  /** How many of the newest runs a listing reads: a trend looks back tens of runs, not years. */
  static final int NEWEST = 1000;

  /** Writes the object whole, replacing one of that name. */
  protected abstract void put(String name, byte[] bytes) throws IOException;

  /** The names of the objects directly in the history (not under allure/), in any order. */
  protected abstract List<String> names() throws IOException;

  /** The object's bytes, or empty when there is none of that name. */
  protected abstract Optional<byte[]> get(String name) throws IOException;

  /** How a message names an object of the history. */
  protected abstract String where(String name);

  @Override
  public final void add(RunSummary summary) {
    String name = objectName(summary.runId());
    try {
      // Compact: a summary is read by machines, hundreds at a time.
      put(
          name,
          JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
    } catch (IOException | UncheckedIOException e) {
      throw new ShakedownException(
          "cannot add the run to the history: " + where(name) + ": " + message(e));
    }
  }

  @Override
  public final Listing list() {
    List<RunSummary> runs = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<String> names;
    try {
      names =
          names().stream().filter(n -> n.endsWith(".json") && !n.startsWith(".")).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ShakedownException("cannot list the history in " + describe() + ": " + message(e));
    }
    // Run ids begin with their start time: the newest runs are the last names.
    for (String name : names.subList(Math.max(0, names.size() - NEWEST), names.size())) {
      Optional<byte[]> bytes;
      try {
        bytes = get(name);
      } catch (IOException | UncheckedIOException e) {
        // Not a file that is no summary: the history cannot be read, and a trend read without
        // it would compare with whatever happened to be readable.
        throw new ShakedownException("cannot read the history: " + where(name) + ": " + message(e));
      }
      if (bytes.isEmpty()) {
        continue; // deleted since the listing: by hand, or by a retention rule
      }
      try {
        runs.add(JSON.readValue(bytes.get(), RunSummary.class));
      } catch (IOException | RuntimeException e) {
        unreadable.add(where(name) + ": not a run summary (" + e.getClass().getSimpleName() + ")");
      }
    }
    runs.sort(Comparator.comparing(RunSummary::started).thenComparing(RunSummary::runId));
    return new Listing(runs, unreadable);
  }

  @Override
  public final void addAllureHistory(String runId, byte[] history) {
    String name = ALLURE + objectName(runId);
    try {
      put(name, history);
    } catch (IOException | UncheckedIOException e) {
      throw new ShakedownException(
          "cannot add the Allure history to " + where(name) + ": " + message(e));
    }
  }

  @Override
  public final Optional<byte[]> allureHistory(String runId) {
    String name = ALLURE + objectName(runId);
    try {
      return get(name);
    } catch (IOException | UncheckedIOException e) {
      throw new ShakedownException("cannot read " + where(name) + ": " + message(e));
    }
  }

  private static String objectName(String runId) {
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    return runId + ".json";
  }

  private static String message(Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
