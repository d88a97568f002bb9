package dev.shakedown.history;

import java.util.List;

/**
 * Where run summaries are kept across runs: one object per run, so two runs writing at once (two CI
 * jobs) each add their own and corrupt nothing; the history is whatever a listing finds.
 */
public interface HistoryStore {
  /** How messages name it: {@code reports/history}, {@code s3://bucket/prefix}. */
  String describe();

  /** Adds a run's summary; a run already there is replaced by the newer summary of it. */
  void add(RunSummary summary);

  /**
   * Every run, oldest first, with what could not be read named in {@link Listing#unreadable} rather
   * than dropped silently.
   */
  Listing list();

  record Listing(List<RunSummary> runs, List<String> unreadable) {
    public Listing {
      runs = List.copyOf(runs);
      unreadable = List.copyOf(unreadable);
    }
  }
}
