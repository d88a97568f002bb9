package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.ActiveRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeSample;
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
  private final Evidence evidence;
  private final ScenarioState state;

  public ServingSteps(Evidence evidence, ScenarioState state) {
    this.evidence = evidence;
    this.state = state;
  }

  @Given("the deployment is serving")
  @Example("Given the deployment is serving")
  public void theDeploymentIsServing() {
    RunContext run = ActiveRun.context();
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
                      + "), then watch it every "
                      + Durations.format(settings.interval())
                      + " until the scenario ends"));
      return;
    }
    ProbeSample sample = SteadyState.verify(run.probeTargets());
    evidence.measure("steady-state success rate", sample.successRate().percent(), "%");
    evidence.measure("steady-state probes", sample.total(), "requests");
    evidence.measure(
        "steady-state p99 latency", sample.latencyPercentile(99).toNanos() / 1e6, "ms");
    state.monitor(run.startMonitor());
  }

  @Then("the deployment keeps serving for {duration} with at least {percentage} success")
  @Example("Then the deployment keeps serving for 20 seconds with at least 99% success")
  public void keepsServingFor(Duration duration, Percentage floor) {
    if (planned(
        "would check that at least "
            + floor
            + " of requests succeed in the "
            + Durations.format(duration)
            + " after the last fault")) {
      return;
    }
    Monitor monitor = state.requireMonitor("the deployment keeps serving");
    Instant from = state.lastFault().orElse(Instant.now());
    Instant to = from.plus(duration);
    monitor.awaitUntil(to);
    check(
        monitor.window(from, to),
        from,
        floor,
        "in the " + Durations.format(duration) + " after " + state.lastFaultDescription());
  }

  @Then("the deployment keeps serving throughout with at least {percentage} success")
  @Example("Then the deployment keeps serving throughout with at least 99.9% success")
  public void keepsServingThroughout(Percentage floor) {
    if (planned(
        "would check that at least "
            + floor
            + " of requests succeeded since the scenario started")) {
      return;
    }
    Monitor monitor = state.requireMonitor("the deployment keeps serving throughout");
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
    if (planned(
        "would check that every successful request since the last fault was served by cloud '"
            + cloud
            + "'")) {
      return;
    }
    Monitor monitor = state.requireMonitor("all requests are served by cloud");
    Instant from = state.lastFault().orElse(monitor.started());
    ProbeSample sample = monitor.window(from, Instant.now());
    Map<String, Long> servedBy = sample.servedBy();
    long total = servedBy.values().stream().mapToLong(Long::longValue).sum();
    long byCloud = servedBy.getOrDefault(cloud, 0L);
    evidence.measure("requests served by " + cloud + " since the fault", byCloud, "requests");
    if (total == 0) {
      throw new AssertionError(
          "no request succeeded since "
              + state.lastFaultDescription()
              + ", so none was served by cloud '"
              + cloud
              + "'");
    }
    if (byCloud != total) {
      String others =
          servedBy.entrySet().stream()
              .filter(e -> !e.getKey().equals(cloud))
              .map(e -> e.getValue() + " by " + e.getKey())
              .collect(Collectors.joining(", "));
      throw new AssertionError(
          "not all requests were served by cloud '"
              + cloud
              + "' since "
              + state.lastFaultDescription()
              + ": of "
              + total
              + " successful requests, "
              + byCloud
              + " were, "
              + others);
    }
  }

  /** In a dry run, says what the step would check and returns true: the caller stops there. */
  static boolean planned(String action) {
    RunContext run = ActiveRun.context();
    run.plan(action);
    return run.planning();
  }

  private void check(ProbeSample sample, Instant from, Percentage floor, String when) {
    Percentage rate = sample.successRate();
    evidence.measure("success rate " + when, rate.percent(), "%");
    evidence.measure("requests " + when, sample.total(), "requests");
    evidence.measure("failed requests " + when, sample.failed(), "requests");
    evidence.measure("p99 latency " + when, sample.latencyPercentile(99).toNanos() / 1e6, "ms");
    if (sample.total() == 0) {
      throw new AssertionError("no request was made " + when + "; the monitor did not run");
    }
    if (rate.compareTo(floor) < 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "kept serving %s (need %s) %s: %,d of %,d requests failed; %s",
              rate,
              floor,
              when,
              sample.failed(),
              sample.total(),
              sample.describeFailures(from)));
    }
  }
}
