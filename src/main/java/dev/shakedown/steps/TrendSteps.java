package dev.shakedown.steps;

import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.history.Trend;
import dev.shakedown.report.RunSummaries;
import dev.shakedown.report.RunSummary;
import dev.shakedown.runner.CurrentRun;
import io.cucumber.java.en.Then;
import java.util.List;

/** A figure of this run against the same scenario's in the last passing runs of the history. */
@Area("Trends")
public final class TrendSteps {
  private final CurrentRun current;
  private final Evidence evidence;

  public TrendSteps(Evidence evidence, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
  }

  @Then("the p99 latency is at most {percentage} above the median of the last {int} runs")
  @Example("Then the p99 latency is at most 20% above the median of the last 10 runs")
  public void p99LatencyTrend(Percentage above, int runs) {
    judge(Trend.Figure.P99_LATENCY, above, runs);
  }

  @Then(
      "the time to replace an instance is at most {percentage} above the median of the last {int} runs")
  @Example(
      "Then the time to replace an instance is at most 20% above the median of the last 10 runs")
  public void timeToReplaceTrend(Percentage above, int runs) {
    judge(Trend.Figure.TIME_TO_REPLACE, above, runs);
  }

  private void judge(Trend.Figure figure, Percentage above, int runs) {
    Trend.requireRuns(runs); // in a dry run too: a count that cannot work is found before a load
    current.check(
        "would compare " + figure.what() + " with the median of the last " + runs + " runs",
        () ->
            Trend.judge(figure, measured(), subject(), current.context().earlierRuns(), runs, above)
                .recordInto(evidence));
  }

  private Trend.Subject subject() {
    return new Trend.Subject(
        evidence.scenario(),
        RunSummaries.feature(evidence.location()),
        List.copyOf(current.context().config().clouds().keySet()));
  }

  private List<RunSummary.Figure> measured() {
    return evidence.measurements().stream()
        .map(m -> new RunSummary.Figure(m.name(), m.value(), m.unit()))
        .toList();
  }
}
