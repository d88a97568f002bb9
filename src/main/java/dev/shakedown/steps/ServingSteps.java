package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeSample;
import dev.shakedown.traffic.ServingVerdict;
import dev.shakedown.traffic.SteadyState;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
    if (run.planning()) {
      var targets = run.probeTargets();
      var settings = targets.isEmpty() ? null : targets.get(0).settings();
      run.plan(
          "would probe "
              + targets.stream().map(t -> t.url().toString()).collect(Collectors.joining(", "))
              + (settings == null
                  ? ""
                  : " for "
                      + Durations.format(settings.sample())
                      + " (need "
                      + settings.steadyState()
                      + " answering "
                      + settings.success().describe()
                      + "), then watch it every "
                      + Durations.format(settings.interval())
                      + " until the scenario ends"));
      state.planned("monitor");
      return;
    }
    ProbeSample sample = SteadyState.verify(run.probeTargets(), run::halted);
    evidence.measure("steady-state success rate", sample.successRate().percent(), "%");
    evidence.measure("steady-state probes", sample.total(), "requests");
    evidence.measure(
        "steady-state p99 latency", sample.latencyPercentile(99).toNanos() / 1e6, "ms");
    Monitor monitor = run.startMonitor();
    state.monitor(monitor);
    state.onHalt(monitor::halt); // an interrupt ends a wait on the monitor at once
  }

  @Then("the deployment keeps serving for {duration} with at least {percentage} success")
  @Example("Then the deployment keeps serving for 20 seconds with at least 99% success")
  public void keepsServingFor(Duration duration, Percentage floor) {
    Monitor monitor = state.requireMonitor("the deployment keeps serving");
    if (current.planned(
        "would check that at least "
            + floor
            + " of the probes succeed in the "
            + Durations.format(duration)
            + " after the last fault")) {
      return;
    }
    Instant from = state.lastFault().orElse(Instant.now());
    Instant to = from.plus(duration);
    String when = "in the " + Durations.format(duration) + " after " + state.lastFaultDescription();
    monitor.awaitUntil(to);
    state.requireScheduledBy(to, "the check that the deployment keeps serving");
    check(monitor.window(from, to), from, floor, when);
  }

  @Then("the deployment keeps serving throughout with at least {percentage} success")
  @Example("Then the deployment keeps serving throughout with at least 99.9% success")
  public void keepsServingThroughout(Percentage floor) {
    Monitor monitor = state.requireMonitor("the deployment keeps serving throughout");
    if (current.planned(
        "would check that at least "
            + floor
            + " of the probes succeeded since the scenario started")) {
      return;
    }
    Instant from = monitor.started();
    Instant to = Instant.now();
    monitor.awaitUntil(to);
    check(
        monitor.window(from, to),
        from,
        floor,
        "throughout the scenario (" + Durations.format(Duration.between(from, to)) + ")");
  }

  @Then("all requests are served by cloud {string}")
  @Example("Then all requests are served by cloud \"cloud-b\"")
  public void allRequestsAreServedBy(String cloud) {
    Monitor monitor = state.requireMonitor("all requests are served by cloud");
    if (current.planned(
        "would check that every probe since the last fault, failures included, was answered by cloud '"
            + cloud
            + "'")) {
      return;
    }
    Instant from = state.lastFault().orElse(monitor.started());
    String since = "since " + state.lastFaultDescription();
    ProbeSample sample = monitor.window(from, Instant.now());
    sample.requireComplete(since);
    Map<String, Long> servedBy = sample.servedBy();
    long byCloud = servedBy.getOrDefault(cloud, 0L);
    evidence.measure("requests served by " + cloud + " " + since, byCloud, "requests");
    evidence.measure("requests " + since, sample.total(), "requests");
    if (sample.total() == 0) {
      throw new AssertionError(
          "no request was made " + since + ", so none was served by cloud '" + cloud + "'");
    }
    if (byCloud != sample.total()) {
      String others =
          servedBy.entrySet().stream()
              .filter(e -> !e.getKey().equals(cloud))
              .map(e -> e.getValue() + " " + by(e.getKey()))
              .collect(Collectors.joining(", "));
      throw new AssertionError(
          String.format(
                  Locale.ROOT,
                  "not every request %s was served by cloud '%s': of %s, %,d were, %s",
                  since,
                  cloud,
                  sample.size(),
                  byCloud,
                  others)
              + (sample.failed() > 0 ? "; " + sample.describeFailures(from) : ""));
    }
  }

  private static String by(String who) {
    return switch (who) {
      case "(failed)" -> "failed (served by no cloud)";
      case "(not said)" -> "did not say which cloud served them";
      default -> "by " + who;
    };
  }

  private void check(ProbeSample sample, Instant from, Percentage floor, String when) {
    ServingVerdict verdict = new ServingVerdict(sample, from, floor, when);
    verdict.measures().forEach(m -> evidence.measure(m.name(), m.value(), m.unit()));
    verdict.requireHeld();
  }
}
