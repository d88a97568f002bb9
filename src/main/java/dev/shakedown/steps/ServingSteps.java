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
import java.util.ArrayList;
import java.util.List;

@Area("Serving")
public final class ServingSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioMonitor monitor;
  private final ScenarioTimer timer;
  private final LastFault lastFault;

  public ServingSteps(
      Evidence evidence,
      ScenarioMonitor monitor,
      ScenarioTimer timer,
      LastFault lastFault,
      CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.monitor = monitor;
    this.timer = timer;
    this.lastFault = lastFault;
  }

  @Given("the deployment is serving")
  @Example("Given the deployment is serving")
  public void theDeploymentIsServing() {
    RunContext run = current.context();
    current.start(
        SteadyState.plan(run.probeTargets()),
        monitor::planned,
        () -> {
          ProbeSample sample = SteadyState.verify(run.probeTargets(), run::halted);
          Verdict.held(SteadyState.measures(sample)).recordInto(evidence);
          Monitor started = run.startMonitor();
          monitor.started(started);
          timer.onHalt(started::halt); // an interrupt ends a wait on the monitor at once
        });
  }

  @Then("the deployment keeps serving for {duration} with at least {percentage} success")
  @Example("Then the deployment keeps serving for 20 seconds with at least 99% success")
  public void keepsServingFor(Duration duration, Percentage floor) {
    Monitor watching = monitor.require("the deployment keeps serving");
    current.check(
        "would check that at least "
            + floor
            + " of the probes succeed in the "
            + Durations.format(duration)
            + " after the last fault",
        () -> judgeAfterLastFault(watching, duration, floor));
  }

  @Then("the deployment keeps serving throughout with at least {percentage} success")
  @Example("Then the deployment keeps serving throughout with at least 99.9% success")
  public void keepsServingThroughout(Percentage floor) {
    Monitor watching = monitor.require("the deployment keeps serving throughout");
    current.check(
        "would check that at least "
            + floor
            + " of the probes succeeded since the scenario started",
        () -> judgeThroughout(watching, floor));
  }

  /**
   * On a game day, from the operator's first go: the wait before it, nothing applied, would pass
   * for serving through the disruption.
   */
  private void judgeThroughout(Monitor watching, Percentage floor) {
    java.util.Optional<Instant> go =
        current.pacedFrom().filter(first -> first.isAfter(watching.started()));
    Instant from = go.orElse(watching.started());
    Instant to = Instant.now();
    String when =
        (go.isPresent() ? "since the operator's first go (" : "throughout the scenario (")
            + Durations.format(Duration.between(from, to))
            + ")";
    record(watching.servingBetween(from, to, floor, when));
  }

  @Then("all requests are served by cloud {string}")
  @Example("Then all requests are served by cloud \"cloud-b\"")
  public void allRequestsAreServedBy(String cloud) {
    Monitor watching = monitor.require("all requests are served by cloud");
    current.check(
        "would check that every probe since the last fault, failures included, was answered by"
            + " cloud '"
            + cloud
            + "'",
        () -> {
          LastFault.Fault last = lastFault.now();
          Instant from = last.effective().orElse(watching.started());
          ProbeSample sample = watching.window(from, Instant.now());
          String since = "since " + last.effectiveDescription();
          ProbeVerdicts.allServedBy(sample, from, since, cloud).recordInto(evidence);
        });
  }

  /**
   * The window after the scenario's last fault: a disruption scheduled to happen in it must have
   * happened by its end, or the verdict would be about a deployment it never touched.
   */
  private void judgeAfterLastFault(Monitor watching, Duration duration, Percentage floor) {
    LastFault.Fault last = lastFault.now();
    Instant from = last.at().orElse(Instant.now());
    // From when the fault was sent until the duration after it took effect (a VM deleted by a
    // task that took a minute): the window always holds the loss itself.
    Instant effective = last.effective().orElse(from);
    Instant to = effective.plus(duration);
    String when =
        last.late()
            ? "from "
                + last.description()
                + " until "
                + Durations.format(duration)
                + " after it took effect ("
                + Durations.format(Duration.between(from, to))
                + " in all)"
            : "in the " + Durations.format(duration) + " after " + last.description();
    List<ServingVerdict> verdicts = new ArrayList<>();
    verdicts.add(watching.servingBetween(from, to, floor, when));
    if (last.delay().toSeconds() >= 1) {
      // The traffic served while the cloud was still carrying the fault out must not dilute what
      // failed once it had: the duration after it took effect is judged on its own too.
      verdicts.add(
          watching.servingBetween(
              effective,
              to,
              floor,
              "in the "
                  + Durations.format(duration)
                  + " after "
                  + last.description()
                  + " took effect"));
    }
    timer.requireScheduledBy(to, "the check that the deployment keeps serving");
    verdicts.forEach(
        verdict ->
            verdict.measures().forEach(m -> evidence.measure(m.name(), m.value(), m.unit())));
    verdicts.forEach(ServingVerdict::requireHeld);
  }

  private void record(ServingVerdict verdict) {
    verdict.measures().forEach(m -> evidence.measure(m.name(), m.value(), m.unit()));
    verdict.requireHeld();
  }
}
