package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.LoadSettings;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.ReadBack;
import dev.shakedown.traffic.RequestTemplate;
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
  private final ScenarioState state;

  public ThroughputSteps(Evidence evidence, ScenarioState state, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.state = state;
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
    RunContext run = current.context();
    List<Instance> victims = run.disruptions().victims(cloud, count);
    run.disruptions().checkBlastRadius(cloud, victims); // refused now, not halfway through the load
    if (current.planned(
        "would kill "
            + victims.size()
            + " instance(s) of "
            + cloud
            + " "
            + Durations.format(after)
            + " into the load")) {
      run.disruptions().kill(state.undo(), Map.of(cloud, victims)).forEach(state::remember);
      return;
    }
    Instant from = state.load().map(ScenarioState.Load::started).orElse(Instant.now());
    String what = "the kill of " + count + " instance(s) of " + cloud;
    state.schedule(
        what,
        from,
        from.plus(after),
        () -> {
          List<Instance> now = run.disruptions().victims(cloud, count);
          Instant at = Instant.now();
          now.forEach(
              v ->
                  evidence.event(
                      "killing "
                          + v.qualifiedId()
                          + v.pidNote()
                          + ", as scheduled, "
                          + Durations.format(Duration.between(from, at))
                          + " after the load started"));
          List<KillReceipt> receipts = run.disruptions().kill(state.undo(), Map.of(cloud, now));
          receipts.forEach(state::remember);
          state.faultApplied(
              at, "killing " + String.join(", ", now.stream().map(Instance::qualifiedId).toList()));
        });
  }

  @Then("at least {percentage} of the {noun} succeed")
  @Example("Then at least 99.9% of the requests succeed")
  public void atLeastSucceed(Percentage floor, String noun) {
    String plural = current.noun(noun).plural();
    state.requireLoad();
    if (current.planned("would check that at least " + floor + " of the " + plural + " succeed")) {
      return;
    }
    LoadResult result = result();
    if (result.successRate().compareTo(floor) < 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s of the %s succeeded (need %s): %,d of %,d failed; %s",
              result.successRate(),
              plural,
              floor,
              result.failed(),
              result.succeeded() + result.failed(),
              result.failures()));
    }
  }

  @Then("the p99 latency is under {int} ms")
  @Example("Then the p99 latency is under 500 ms")
  public void p99Under(int millis) {
    state.requireLoad();
    if (current.planned(
        "would check that the load's p99 latency, from the planned send time, is under "
            + millis
            + " ms")) {
      return;
    }
    LoadResult result = result();
    LatencyVerdicts.require(
        result.succeeded(), result.failed(), "of the load", () -> result.failures().toString());
    if (result.p99FromPlanned().toMillis() >= millis) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "the p99 latency of the successful requests was %d ms from the planned send time"
                  + " (need under %d ms; %d ms from the actual send) over %,d of them%s",
              result.p99FromPlanned().toMillis(),
              millis,
              result.p99FromSend().toMillis(),
              result.succeeded(),
              result.failed() == 0
                  ? ""
                  : String.format(
                      Locale.ROOT, " (%,d more failed: %s)", result.failed(), result.failures())));
    }
  }

  @Then("every accepted {noun} can be read back within {duration}")
  @Example("Then every accepted request can be read back within 10 seconds")
  public void readBack(String noun, Duration within) {
    dev.shakedown.config.Noun named = current.noun(noun);
    RunContext run = current.context();
    RequestTemplate template = run.loadRequests();
    state.requireLoad();
    if (current.planned(
        "would read every accepted "
            + named.singular()
            + " back, each within "
            + Durations.format(within))) {
      return;
    }
    LoadResult result = result();
    if (result.acceptedIds().isEmpty()) {
      throw new AssertionError(
          "no "
              + named.singular()
              + " was accepted with an id (load.acceptedId: "
              + template.settings().acceptedId()
              + "), so there is nothing to read back");
    }
    List<String> missing = ReadBack.missing(result.acceptedIds(), template, within);
    evidence.measure(
        "accepted " + named.plural() + " read back",
        result.acceptedIds().size() - missing.size(),
        named.plural());
    evidence.measure("accepted " + named.plural() + " missing", missing.size(), named.plural());
    if (!missing.isEmpty()) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%,d of %,d accepted %s could not be read back within %s; first: %s",
              missing.size(),
              result.acceptedIds().size(),
              named.plural(),
              Durations.format(within),
              String.join(", ", missing.subList(0, Math.min(5, missing.size())))));
    }
  }

  @Then("the achieved rate is within {percentage} of {int} per second")
  @Example("Then the achieved rate is within 1% of 300 per second")
  public void achievedRate(Percentage tolerance, int rate) {
    state.requireLoad();
    if (current.planned(
        "would check that the achieved rate is within "
            + tolerance
            + " of "
            + rate
            + " per second")) {
      return;
    }
    LoadResult result = result();
    double served = result.succeeded() / (result.elapsed().toNanos() / 1e9);
    evidence.measure("served rate", served, "requests/s");
    if (Math.abs(served - rate) > rate * tolerance.fraction()) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "the deployment served %,.1f successful requests per second (need %,d ± %s); %s",
              served,
              rate,
              tolerance,
              result.summary()));
    }
  }

  @Then(
      "the report shows the highest rate served with at least {percentage} success and p99 under {int} ms")
  @Example(
      "Then the report shows the highest rate served with at least 99% success and p99 under 500 ms")
  public void breakingPoint(Percentage floor, int millis) {
    state.requireLoad();
    if (current.planned(
        "would report the highest rate served with at least "
            + floor
            + " success and p99 under "
            + millis
            + " ms")) {
      return;
    }
    LoadResult result = result();
    double best = 0;
    for (LoadResult.Interval second : result.intervals()) {
      long total = second.succeeded() + second.failed();
      evidence.measure(
          "second " + second.second() + ": rate asked", second.targetRate(), "requests/s");
      evidence.measure(
          "second " + second.second() + ": success",
          total == 0 ? 0 : 100.0 * second.succeeded() / total,
          "%");
      evidence.measure("second " + second.second() + ": p99", second.p99Millis(), "ms");
      boolean held =
          total > 0
              && 100.0 * second.succeeded() / total >= floor.percent()
              && second.p99Millis() < millis;
      if (held) {
        best = Math.max(best, second.targetRate());
      }
    }
    evidence.measure(
        "highest rate served with at least " + floor + " success and p99 under " + millis + " ms",
        best,
        "requests/s");
    if (best == 0) {
      throw new AssertionError(
          "no second of the ramp held " + floor + " success with p99 under " + millis + " ms");
    }
    List<LoadResult.Interval> seconds = result.intervals();
    boolean heldToTheEnd =
        !seconds.isEmpty() && best >= seconds.get(seconds.size() - 1).targetRate();
    evidence.event(
        heldToTheEnd
            ? String.format(
                Locale.ROOT,
                "no breaking point in this ramp: it held to its end, %,.0f requests per second; ramp higher to find it",
                best)
            : String.format(
                Locale.ROOT,
                "breaking point: %,.0f requests per second was the highest that held",
                best));
  }

  private void start(RateSchedule schedule, String description) {
    RunContext run = current.context();
    RequestTemplate template = run.loadRequests();
    LoadSettings settings = template.settings();
    if (current.planned(
        "would send " + description + ": " + settings.method() + " " + template.request(0).uri())) {
      state.planned("load");
      return;
    }
    LoadGenerator generator =
        LoadGenerator.create(
            settings.connections(),
            settings.maxInFlight(),
            settings.timeout(),
            settings.maxSendLag(),
            settings.success());
    long warmed;
    try {
      warmed = warmUp(generator, schedule, settings.warmUp(), template);
    } catch (RuntimeException | AssertionError e) {
      generator.close();
      throw e;
    }
    LoadGenerator.LoadRun load =
        generator.start(
            schedule, i -> template.request(warmed + i), template::acceptedId, run::progress);
    state.onHalt(load::halt);
    state.load(new ScenarioState.Load(generator, load, description));
    state.measureFrom(load.started(), "the start of " + description);
  }

  /**
   * @return how many requests the warm-up sent, so that the measured ones number on from there
   */
  private long warmUp(
      LoadGenerator generator, RateSchedule schedule, Duration warmUp, RequestTemplate template) {
    if (warmUp.isZero()) {
      return 0;
    }
    RunContext run = current.context();
    double rate = schedule.rateAt(Duration.ZERO);
    LoadGenerator.LoadRun warming =
        generator.startWarmUp(
            rate, warmUp, template::request, line -> run.progress("warm-up " + line));
    Runnable forget = run.onHalt(warming::halt);
    LoadResult warm;
    try {
      warm = warming.await();
    } finally {
      forget.run();
    }
    evidence.event(
        "warm-up for "
            + Durations.format(warmUp)
            + ", not counted (load.warmUp): "
            + warm.summary());
    if (warm.halted().isPresent()) {
      throw new dev.shakedown.traffic.HaltedException(
          warm.halted().get() + "; during the load's warm-up: " + warm.summary());
    }
    return warm.planned();
  }

  private LoadResult result() {
    return state.loadResult();
  }
}
