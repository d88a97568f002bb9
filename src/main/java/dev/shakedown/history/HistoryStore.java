package dev.shakedown.history;

import dev.shakedown.report.RunSummary;
import java.util.List;
import java.util.Optional;

/**
 * Where run summaries are kept across runs: one object per run, so two runs writing at once (two CI
 * jobs) each add their own and corrupt nothing; the history is whatever a listing finds.
 */
public interface HistoryStore extends AutoCloseable {
  /** How messages name it: {@code reports/history}, {@code s3://bucket/prefix}. */
  String describe();

  /** Adds a run's summary; a run already there is replaced by the newer summary of it. */
  void add(RunSummary summary);

  /**
   * Every run, oldest first, with what could not be read named in {@link Listing#unreadable} rather
   * than dropped silently.
   */
  Listing list();

  /**
   * Keeps the Allure history of a run's report (its {@code history/} files, as {@link
   * AllureHistory} packs them), for the next run's report to carry on its trend.
   */
  void addAllureHistory(String runId, byte[] history);

  /** The Allure history kept for that run, if any. */
  Optional<byte[]> allureHistory(String runId);

  /** Lets go of the store's client, if it has one. */
  @Override
  default void close() {}

  record Listing(List<RunSummary> runs, List<String> unreadable) {
    public Listing {
      runs = List.copyOf(runs);
      unreadable = List.copyOf(unreadable);
    }
  }
}
