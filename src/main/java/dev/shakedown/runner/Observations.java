package dev.shakedown.runner;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.Suggestions;
import dev.shakedown.evidence.Locations;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@link RunObserver} saw of one Launcher execution, classified for the exit code. */
final class Observations {
  private final Redactor redactor;
  private final RunListener listener;
  private final Set<String> patterns = new LinkedHashSet<>();
  private final List<String> stepProblems = new ArrayList<>();
  private final List<ScenarioOutcome> outcomes = new ArrayList<>();
  private final List<PlannedScenario> planned = new ArrayList<>();
  private final Map<String, Integer> executions = new LinkedHashMap<>();
  private final Map<java.util.UUID, List<String>> actions = new LinkedHashMap<>();
  private java.util.UUID currentStep;
  private java.util.UUID currentScenario;
  private Thread stepThread;
  private String currentScenarioName = "";
  private String currentSentence = "";
  private final List<NounUse> nouns = new ArrayList<>();

  /** A word a sentence used for the load's requests ({@code {noun}}), and where. */
  record NounUse(String where, String word) {}

  Observations(Redactor redactor, RunListener listener) {
    this.redactor = redactor;
    this.listener = listener;
  }

  Redactor redactor() {
    return redactor;
  }

  synchronized void stepDefined(String pattern) {
    patterns.add(pattern);
  }

  void scenarioStarted(TestCase testCase) {
    synchronized (this) {
      currentScenario = testCase.getId();
      currentScenarioName = testCase.getName();
      currentStep = null;
    }
    listener.scenarioStarted(
        testCase.getName(), location(testCase.getUri(), testCase.getLocation().getLine()));
  }

  synchronized void stepStarted(PickleStepTestStep step) {
    currentStep = step.getId();
    stepThread = Thread.currentThread();
    currentSentence =
        step.getStep().getKeyword().trim()
            + " "
            + step.getStep().getText()
            + "  ("
            + location(step.getUri(), step.getStep().getLocation().getLine())
            + ")";
    listener.stepStarted(currentSentence);
  }

  /** The running step; empty between steps, in a hook. */
  synchronized java.util.Optional<java.util.UUID> currentStep() {
    return java.util.Optional.ofNullable(currentStep);
  }

  /**
   * Whether the caller is the thread running the current step (not a hook, nor a thread of its).
   */
  synchronized boolean onStepThread() {
    return currentStep != null && Thread.currentThread() == stepThread;
  }

  /** The running scenario. */
  synchronized java.util.Optional<java.util.UUID> currentScenario() {
    return java.util.Optional.ofNullable(currentScenario);
  }

  /** The step running now, as the feature writes it, with where: for an operator to read. */
  synchronized String currentSentence() {
    return currentStep != null
        ? currentSentence
        : "(no step running: a hook, or a thread, of scenario '" + currentScenarioName + "')";
  }

  /** Something the running step would do, in a dry run. */
  synchronized void action(String action) {
    if (currentStep != null) {
      actions.computeIfAbsent(currentStep, id -> new ArrayList<>()).add(redactor.redact(action));
    }
  }

  synchronized void stepFinished(PickleStepTestStep step, Result result) {
    currentStep = null;
    stepThread = null;
    String sentence = step.getStep().getKeyword() + step.getStep().getText();
    String where = location(step.getUri(), step.getStep().getLocation().getLine());
    if (step.getDefinitionArgument() != null) {
      step.getDefinitionArgument().stream()
          .filter(argument -> "noun".equals(argument.getParameterTypeName()))
          .forEach(argument -> nouns.add(new NounUse(where, argument.getValue())));
    }
    switch (result.getStatus()) {
      case UNDEFINED -> {
        String hint =
            Suggestions.nearest(step.getStep().getText(), patterns)
                .map(p -> "closest known step: \"" + p + "\"")
                .orElse("no steps are defined; check --glue");
        stepProblems.add(
            where
                + ": undefined step \""
                + sentence.trim()
                + "\"; "
                + hint
                + " (all steps: shakedown steps)");
      }
      case AMBIGUOUS ->
          stepProblems.add(
              where
                  + ": step \""
                  + sentence.trim()
                  + "\" matches more than one step definition ("
                  + firstLine(result.getError())
                  + "); reword the step or remove one definition");
      case PENDING ->
          stepProblems.add(
              where
                  + ": step \""
                  + sentence.trim()
                  + "\" is pending (its definition is not written yet); implement it or remove the step");
      default -> {}
    }
  }

  synchronized void scenarioFinished(TestCase testCase, Result result) {
    String location = location(testCase.getUri(), testCase.getLocation().getLine());
    executions.merge(location, 1, Integer::sum);
    List<PlannedScenario.Step> steps =
        testCase.getTestSteps().stream()
            .filter(PickleStepTestStep.class::isInstance)
            .map(PickleStepTestStep.class::cast)
            .map(
                s ->
                    new PlannedScenario.Step(
                        s.getStep().getKeyword().trim() + " " + s.getStep().getText(),
                        List.copyOf(actions.getOrDefault(s.getId(), List.of()))))
            .toList();
    planned.add(new PlannedScenario(testCase.getName(), location, testCase.getTags(), steps));
    ScenarioOutcome outcome =
        new ScenarioOutcome(
            testCase.getName(),
            location,
            testCase.getTags(),
            verdict(result),
            message(result),
            result.getDuration());
    outcomes.add(outcome);
    listener.scenarioFinished(outcome);
  }

  /** The words the sentences used for the load's requests, each where it was used. */
  synchronized List<NounUse> nouns() {
    return List.copyOf(nouns);
  }

  synchronized List<String> stepProblems() {
    return List.copyOf(stepProblems);
  }

  synchronized List<ScenarioOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  synchronized List<PlannedScenario> planned() {
    return List.copyOf(planned);
  }

  /** How often each scenario ran; a scenario must run exactly once. */
  synchronized Map<String, Integer> executions() {
    return Map.copyOf(executions);
  }

  private static ScenarioOutcome.Verdict verdict(Result result) {
    Status status = result.getStatus();
    return switch (status) {
      case PASSED -> ScenarioOutcome.Verdict.PASSED;
      case SKIPPED -> ScenarioOutcome.Verdict.SKIPPED;
      case UNDEFINED, AMBIGUOUS, PENDING -> ScenarioOutcome.Verdict.UNUSABLE;
      case FAILED, UNUSED ->
          result.getError() instanceof ShakedownException
              ? ScenarioOutcome.Verdict.UNUSABLE
              : ScenarioOutcome.Verdict.FAILED;
    };
  }

  private String message(Result result) {
    Throwable error = result.getError();
    if (error == null || result.getStatus() == Status.PASSED) {
      return "";
    }
    String text;
    if (error instanceof AssertionError
        || error instanceof ShakedownException
        || error instanceof org.opentest4j.TestAbortedException) {
      text = String.valueOf(error.getMessage());
    } else if (result.getStatus() == Status.UNDEFINED || result.getStatus() == Status.PENDING) {
      text = result.getStatus().name().toLowerCase() + " step";
    } else {
      // Anything else is a fault of the harness, not of the deployment: say so and where.
      StackTraceElement top = error.getStackTrace().length > 0 ? error.getStackTrace()[0] : null;
      text =
          "harness error "
              + error.getClass().getName()
              + ": "
              + error.getMessage()
              + (top == null ? "" : " at " + top);
    }
    return redactor.redact(text);
  }

  private static String firstLine(Throwable error) {
    return error == null ? "" : String.valueOf(error.getMessage()).lines().findFirst().orElse("");
  }

  static String location(URI uri, Integer line) {
    return Locations.of(uri, line);
  }
}
