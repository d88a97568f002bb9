package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Locations;
import dev.shakedown.runner.ActiveRun;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.HashSet;

/** Opens each scenario's evidence and, when it ends, writes it and attaches it to the reports. */
public final class EvidenceHooks {
  private final Evidence evidence;

  public EvidenceHooks(Evidence evidence) {
    this.evidence = evidence;
  }

  @Before(order = 0)
  public void begin(Scenario scenario) {
    String location = Locations.of(scenario.getUri(), scenario.getLine());
    evidence.begin(scenario.getName(), location, new HashSet<>(scenario.getSourceTagNames()));
  }

  // Cucumber runs @After hooks from the highest order down: order 0 runs last, once every other
  // hook has reverted what it must, so the evidence records the scenario's whole story.
  @After(order = 0)
  public void end(Scenario scenario) {
    if (ActiveRun.context().planning()) {
      return; // a dry run writes nothing
    }
    byte[] json =
        ActiveRun.context().evidence().write(evidence.snapshot(scenario.getStatus().name()));
    scenario.attach(json, "application/json", "evidence.json");
  }
}
