package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.ActiveRun;
import dev.shakedown.traffic.ProbeSample;
import dev.shakedown.traffic.SteadyState;
import io.cucumber.java.en.Given;

@Area("Steady state")
public final class ServingSteps {
  private final Evidence evidence;

  public ServingSteps(Evidence evidence) {
    this.evidence = evidence;
  }

  @Given("the deployment is serving")
  @Example("Given the deployment is serving")
  public void theDeploymentIsServing() {
    ProbeSample sample = SteadyState.verify(ActiveRun.context().probeTargets());
    evidence.measure("steady-state success rate", sample.successRate().percent(), "%");
    evidence.measure("steady-state probes", sample.total(), "requests");
    evidence.measure(
        "steady-state p99 latency", sample.latencyPercentile(99).toNanos() / 1e6, "ms");
  }
}
