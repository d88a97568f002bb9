package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Noun;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.fleet.Disruptions;
import dev.shakedown.fleet.Instance;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.LoadVerdicts;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RequestTemplate;
import dev.shakedown.traffic.RunningLoad;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Area("Throughput")
public final class ThroughputSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioLoad load;
  private final ScenarioTimer timer;
  private final ScenarioUndo undo;
  private final LastFault lastFault;

  public ThroughputSteps(
      Evidence evidence,
      ScenarioLoad load,
      ScenarioTimer timer,
      ScenarioUndo undo,
      LastFault lastFault,
      CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.load = load;
    this.timer = timer;
    this.undo = undo;
    this.lastFault = lastFault;
  }

  @When("{int} {noun} per second are sent for {duration}")
  @Example("When 300 requests per second are sent for 20 seconds")
  public void sent(int rate, String noun, Duration duration) {
    start(
        RateSchedule.constant(rate, duration),
        String.format(
            Locale.ROOT,
            "%,d %s per second for %s",
            rate,
            current.noun(noun).plural(),
            Durations.format(duration)));
  }

  @When("{word} send {int} {noun} per second for {duration}")
  @Example("When clients send 300 requests per second for 30 seconds")
  public void senders(String senders, int rate, String noun, Duration duration) {
    sent(rate, noun, duration);
  }

  @When("the {noun} rate ramps from {int} to {int} per second over {duration}")
  @Example("When the request rate ramps from 100 to 5000 per second over 60 seconds")
  public void ramp(String noun, int from, int to, Duration over) {
    start(
        RateSchedule.ramp(from, to, over),
        String.format(
            Locale.ROOT,
            "a ramp from %,d to %,d %s per second over %s",
            from,
            to,
            current.noun(noun).plural(),
            Durations.format(over)));
  }

  @When("{int} instance(s) in cloud {string} is/are killed after {duration}")
  @Example("When 1 instance in cloud \"cloud-b\" is killed after 10 seconds")
  public void killAfter(int count, String cloud, Duration after) {
    Disruptions disruptions = current.context().disruptions();
    List<Instance> victims = disruptions.victims(cloud, count);
    disruptions.checkBlastRadius(cloud, victims); // refused now, not halfway through the load
    String when = Durations.format(after) + " into the load";
    // Victims are picked again when the kill is due: these are the ones a kill now would take.
    current.disrupt("kill " + count + " instance(s) of " + cloud + " " + when);
    load.current()
        .ifPresent(started -> current.requireGoBy(started.started().plus(after), "the kill"));
    current.start(
        "would kill " + victims.size() + " instance(s) of " + cloud + " " + when,
        () -> disruptions.kill(undo.undo(), Map.of(cloud, victims)).forEach(undo::remember),
        () -> scheduleKill(cloud, count, after));
  }

  private void scheduleKill(String cloud, int count, Duration after) {
    Instant from = load.current().map(RunningLoad::started).orElse(Instant.now());
    String what = "the kill of " + count + " instance(s) of " + cloud;
    timer.schedule(
        what,
        from,
        from.plus(after),
        () -> current.armed(() -> killAsScheduled(cloud, count, from)));
  }

  /** The kill a "killed after" step scheduled, when its time comes during the load. */
  private void killAsScheduled(String cloud, int count, Instant loadStarted) {
    Disruptions disruptions = current.context().disruptions();
    List<Instance> now = disruptions.victims(cloud, count);
    Instant at = Instant.now();
    String into = Durations.format(Duration.between(loadStarted, at)) + " after the load started";
    now.forEach(
        v ->
            evidence.event("killing " + v.qualifiedId() + v.pidNote() + ", as scheduled, " + into));
    disruptions.kill(undo.undo(), Map.of(cloud, now)).forEach(undo::remember);
    lastFault.applied(
        at, "killing " + String.join(", ", now.stream().map(Instance::qualifiedId).toList()));
  }

  @Then("at least {percentage} of the {noun} succeed")
  @Example("Then at least 99.9% of the requests succeed")
  public void atLeastSucceed(Percentage floor, String noun) {
    Noun named = current.noun(noun);
    check(
        "would check that at least " + floor + " of the " + named.plural() + " succeed",
        () -> LoadVerdicts.successRate(load.result(), floor, named).recordInto(evidence));
  }

  @Then("the p99 latency is under {int} ms")
  @Example("Then the p99 latency is under 500 ms")
  public void p99Under(int millis) {
    check(
        "would check that the load's p99 latency, from the planned send time, is under "
            + millis
            + " ms",
        () -> LoadVerdicts.p99Under(load.result(), millis).recordInto(evidence));
  }

  @Then("every accepted {noun} can be read back within {duration}")
  @Example("Then every accepted request can be read back within 10 seconds")
  public void readBack(String noun, Duration within) {
    Noun named = current.noun(noun);
    check(
        "would read every accepted "
            + named.singular()
            + " back, each within "
            + Durations.format(within),
        () ->
            LoadVerdicts.readBack(load.result(), current.context().loadRequests(), within, named)
                .recordInto(evidence));
  }

  @Then("the achieved rate is within {percentage} of {int} per second")
  @Example("Then the achieved rate is within 1% of 300 per second")
  public void achievedRate(Percentage tolerance, int rate) {
    check(
        "would check that the achieved rate is within " + tolerance + " of " + rate + " per second",
        () -> LoadVerdicts.achievedRate(load.result(), tolerance, rate).recordInto(evidence));
  }

  @Then(
      "the report shows the highest rate served with at least {percentage} success and p99 under {int} ms")
  @Example(
      "Then the report shows the highest rate served with at least 99% success and p99 under 500 ms")
  public void breakingPoint(Percentage floor, int millis) {
    String held = floor + " success and p99 under " + millis + " ms";
    check(
        "would report the highest rate served with at least " + held,
        () -> LoadVerdicts.breakingPoint(load.result(), floor, millis).recordInto(evidence));
  }

  /** A check of the scenario's load, which must have started, in a real run and a dry run alike. */
  private void check(String plan, Runnable judge) {
    load.require();
    current.check(plan, judge);
  }

  private void start(RateSchedule schedule, String description) {
    RunContext run = current.context();
    RequestTemplate template = run.loadRequests();
    String request = template.settings().method() + " " + template.request(0).uri();
    current.start(
        "would send " + description + ": " + request,
        load::planned,
        () -> {
          RunningLoad started =
              RunningLoad.start(template, schedule, description, run.loadHooks(evidence));
          timer.onHalt(started::halt);
          load.started(started);
          lastFault.measureFrom(started.started(), "the start of " + description);
        });
  }
}
