package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Verdict;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeSample;
import dev.shakedown.traffic.ProbeVerdicts;
import dev.shakedown.traffic.ServingVerdict;
import dev.shakedown.traffic.SteadyState;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.time.Instant;

@Area("Serving")
public final class ServingSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioState state;

  public ServingSteps(Evidence evidence, ScenarioState state, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.state = state;
  }

  @Given("the deployment is serving")
  @Example("Given the deployment is serving")
  public void theDeploymentIsServing() {
    RunContext run = current.context();
    if (current.planned(SteadyState.plan(run.probeTargets()))) {
      state.planned("monitor");
      return;
    }
    ProbeSample sample = SteadyState.verify(run.probeTargets(), run::halted);
    Verdict.held(SteadyState.measures(sample)).recordInto(evidence);
    Monitor monitor = run.startMonitor();
    state.monitor(monitor);
    state.onHalt(monitor::halt); // an interrupt ends a wait on the monitor at once
  }

  @Then("the deployment keeps serving for {duration} with at least {percentage} success")
  @Example("Then the deployment keeps serving for 20 seconds with at least 99% success")
  public void keepsServingFor(Duration duration, Percentage floor) {
    Monitor monitor = state.requireMonitor("the deployment keeps serving");
    String window = "in the " + Durations.format(duration) + " after ";
    String check = "would check that at least " + floor + " of the probes succeed " + window;
    if (!current.planned(check + "the last fault")) {
      Instant from = state.lastFault().orElse(Instant.now());
      String when = window + state.lastFaultDescription(); // not a fault scheduled in the wait
      Instant to = from.plus(duration);
      monitor.awaitUntil(to);
      state.requireScheduledBy(to, "the check that the deployment keeps serving");
      check(monitor.window(from, to), from, floor, when);
    }
  }

  @Then("the deployment keeps serving throughout with at least {percentage} success")
  @Example("Then the deployment keeps serving throughout with at least 99.9% success")
  public void keepsServingThroughout(Percentage floor) {
    Monitor monitor = state.requireMonitor("the deployment keeps serving throughout");
    String since = " of the probes succeeded since the scenario started";
    if (!current.planned("would check that at least " + floor + since)) {
      Instant from = monitor.started();
      Instant to = Instant.now();
      monitor.awaitUntil(to);
      String when =
          "throughout the scenario (" + Durations.format(Duration.between(from, to)) + ")";
      check(monitor.window(from, to), from, floor, when);
    }
  }

  @Then("all requests are served by cloud {string}")
  @Example("Then all requests are served by cloud \"cloud-b\"")
  public void allRequestsAreServedBy(String cloud) {
    Monitor monitor = state.requireMonitor("all requests are served by cloud");
    if (!current.planned(
        "would check that every probe since the last fault, failures included, was answered by"
            + " cloud '"
            + cloud
            + "'")) {
      Instant from = state.lastFault().orElse(monitor.started());
      ProbeSample sample = monitor.window(from, Instant.now());
      String since = "since " + state.lastFaultDescription();
      ProbeVerdicts.allServedBy(sample, from, since, cloud).recordInto(evidence);
    }
  }

  private void check(ProbeSample sample, Instant from, Percentage floor, String when) {
    ServingVerdict verdict = new ServingVerdict(sample, from, floor, when);
    verdict.measures().forEach(m -> evidence.measure(m.name(), m.value(), m.unit()));
    verdict.requireHeld();
  }
}
