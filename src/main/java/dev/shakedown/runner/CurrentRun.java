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
   * Before a step disrupts, once its refusals are checked: on a game day, the operator is shown
   * what it will do and says go, skip or abort; a dry run and any other run go at once. A run that
   * halted meanwhile goes no further.
   *
   * @param willDo what the step will do, a line each
   */
  public void disrupt(String... willDo) {
    if (context.planning()) {
      return;
    }
    context.gate().ifPresent(gate -> gate.ask(List.of(willDo)));
    context
        .halted()
        .ifPresent(
            reason -> {
              throw new dev.shakedown.traffic.HaltedException(reason);
            });
  }

  /**
   * On a game day, a disruption timed within something already under way (a kill due 10 s into a
   * load) whose go came after it was due is skipped, with the rest of its scenario: what it was
   * timed with went on without it, and would be judged as if it had not.
   */
  public void requireGoBy(java.time.Instant due, String what) {
    if (context.pacer() != Pacer.NONE && java.time.Instant.now().isAfter(due)) {
      throw new SkippedByOperator(
          ActiveRun.observations().currentSentence(), "the go came after " + what + " was due");
    }
  }

  /**
   * When the operator first said go in this scenario, on a game day: a window "throughout" the
   * scenario starts there, so that the minutes the room took to say go, with nothing applied, do
   * not count as serving.
   */
  public java.util.Optional<java.time.Instant> pacedFrom() {
    return context.gate().flatMap(OperatorGate::firstGo);
  }

  /**
   * Runs a disruption this scenario armed earlier, now due (a kill 10 s into a load, on a timer):
   * its go was given when it was armed, so it is not asked again.
   */
  public void armed(Runnable disruption) {
    OperatorGate.armed(disruption);
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
