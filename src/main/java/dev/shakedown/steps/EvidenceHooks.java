package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Locations;
import dev.shakedown.report.Svg;
import dev.shakedown.runner.CurrentRun;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.HashSet;

/** Opens each scenario's evidence and, when it ends, writes it and attaches it to the reports. */
public final class EvidenceHooks {
  private final CurrentRun current;
  private final Evidence evidence;

  public EvidenceHooks(Evidence evidence, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
  }

  @Before(order = 0)
  public void begin(Scenario scenario) {
    String location = Locations.of(scenario.getUri(), scenario.getLine());
    evidence.begin(scenario.getName(), location, new HashSet<>(scenario.getSourceTagNames()));
    current.context().notes().ifPresent(notes -> notes.scenarioStarted(evidence));
  }

  // Cucumber runs @After hooks from the highest order down: order 0 runs last, once every other
  // hook has reverted what it must, so the evidence records the scenario's whole story.
  @After(order = 0)
  public void end(Scenario scenario) {
    current.context().notes().ifPresent(notes -> notes.scenarioEnded(evidence));
    if (current.context().planning()) {
      return; // a dry run writes nothing
    }
    Evidence.Record record = evidence.snapshot(scenario.getStatus().name());
    byte[] json = current.context().evidence().write(record);
    scenario.attach(json, "application/json", "evidence.json");
    for (Evidence.Timeline timeline : record.timelines()) {
      // Standalone SVG needs its namespace; the HTML report inlines the same drawing without it.
      String svg =
          Svg.timeline(timeline, record.faults(), record.notes())
              .replaceFirst("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
      scenario.attach(
          svg.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "image/svg+xml",
          timeline.name() + ".svg");
    }
  }
}
