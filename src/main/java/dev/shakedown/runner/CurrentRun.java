package dev.shakedown.runner;

import dev.shakedown.config.Noun;

/**
 * The run a scenario belongs to, handed to the glue once per scenario by Cucumber's container (the
 * one place the glue meets {@link ActiveRun}); step definitions take it in their constructor.
 */
public final class CurrentRun {
  private final RunContext context;

  public CurrentRun() {
    this.context = ActiveRun.context();
  }

  public RunContext context() {
    return context;
  }

  /** In a dry run, says what the step would do and returns true: the caller stops there. */
  public boolean planned(String action) {
    context.plan(action);
    return context.planning();
  }

  /**
   * The config's name for the load's requests, once {@code word} (what the sentence wrote) is
   * checked against it.
   */
  public Noun noun(String word) {
    context.loadRequests(); // no load at all is said as such, before what it would be called
    Noun noun = context.loadNoun();
    noun.require(word);
    return noun;
  }
}
