package dev.shakedown.runner;

import dev.shakedown.config.Noun;
import java.util.List;

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

  /**
   * A check a step makes: judged in a real run; in a dry run only said, as {@code plan}. The one
   * place the glue meets the dry run besides the fleets and faults, which are planned by their own
   * decorators.
   */
  public void check(String plan, Runnable judge) {
    context.plan(plan);
    if (!context.planning()) {
      judge.run();
    }
  }

  /**
   * Something a step starts that no fleet or fault decorator plans (a load, the monitor, a drill):
   * done in a real run; in a dry run said as {@code plan}, and {@code planned} notes that a real
   * run would have it now, so that the steps reading it are planned rather than refused.
   */
  public void start(String plan, Runnable planned, Runnable start) {
    context.plan(plan);
    (context.planning() ? planned : start).run();
  }

  /**
   * Before a step disrupts: on a game day, the operator is shown what it will do and says go, skip
   * or abort; a dry run and any other run go at once.
   *
   * @param willDo what the step will do, a line each
   */
  public void disrupt(String... willDo) {
    if (!context.planning()) {
      context.pacer().beforeDisruption(ActiveRun.observations().currentSentence(), List.of(willDo));
    }
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
