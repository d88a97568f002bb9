package dev.shakedown.runner;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who says when a disruption may go: on a game day, the operator, before each step that disrupts;
 * otherwise nobody, and it goes at once.
 */
public interface Pacer {
  Pacer NONE = next -> {};

  /**
   * Returns when the step may go on.
   *
   * @throws SkippedByOperator when the operator skips it: the scenario ends there, skipped, since
   *     what it checks after a disruption that did not happen would hold for nothing
   * @throws dev.shakedown.traffic.HaltedException when the operator aborts the run, or it halts
   *     (the floor tripped, Ctrl-C) while the operator is being asked
   */
  void beforeDisruption(Disruption next);

  /**
   * A disruption about to go.
   *
   * @param step the step, as the feature writes it, with where it is
   * @param willDo what it will do, a line each ("kill cloud-a/cloud-a-1")
   * @param stillApplied what the run has applied already and keeps applied while the room talks
   * @param halted why the run halted, once it has: a question open then is answered by the halt
   */
  record Disruption(
      String step,
      List<String> willDo,
      List<String> stillApplied,
      Supplier<Optional<String>> halted) {
    public Disruption {
      willDo = List.copyOf(willDo);
      stillApplied = List.copyOf(stillApplied);
    }
  }
}
