package dev.shakedown.runner;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.StepDefinedEvent;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestCaseStarted;
import io.cucumber.plugin.event.TestStepFinished;
import io.cucumber.plugin.event.TestStepStarted;

/**
 * The runner's ears inside Cucumber: step definitions, step and scenario results. A plugin rather
 * than a JUnit listener because only Cucumber's events say which step was undefined and which
 * sentences are known.
 */
public final class RunObserver implements ConcurrentEventListener {
  private final Observations observations = ActiveRun.observations();

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(
        StepDefinedEvent.class, e -> observations.stepDefined(e.getStepDefinition().getPattern()));
    publisher.registerHandlerFor(
        TestCaseStarted.class, e -> observations.scenarioStarted(e.getTestCase()));
    publisher.registerHandlerFor(
        TestStepStarted.class,
        e -> {
          if (e.getTestStep() instanceof PickleStepTestStep step) {
            observations.stepStarted(step);
          }
        });
    publisher.registerHandlerFor(
        TestStepFinished.class,
        e -> {
          if (e.getTestStep() instanceof PickleStepTestStep step) {
            observations.stepFinished(step, e.getResult());
          }
        });
    publisher.registerHandlerFor(
        TestCaseFinished.class, e -> observations.scenarioFinished(e.getTestCase(), e.getResult()));
  }
}
