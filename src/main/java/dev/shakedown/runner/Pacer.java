package dev.shakedown.runner;

import java.util.List;

/**
 * Who says when a disruption may go: on a game day, the operator, before each step that disrupts;
 * otherwise nobody, and it goes at once.
 */
public interface Pacer {
  Pacer NONE = (step, willDo) -> {};

  /**
   * Returns when the step may go on.
   *
   * @param step the step about to disrupt, as the feature writes it, with where it is
   * @param willDo what it will do, a line each ("kill cloud-a/cloud-a-1 (zone a-1)")
   * @throws SkippedByOperator when the operator skips it: the scenario ends there, skipped, since
   *     what it checks after a disruption that did not happen would hold for nothing
   * @throws dev.shakedown.traffic.HaltedException when the operator aborts the run
   */
  void beforeDisruption(String step, List<String> willDo);
}
