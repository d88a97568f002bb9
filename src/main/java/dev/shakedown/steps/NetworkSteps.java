package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.config.Suggestions;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.faults.FaultVerdicts;
import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.faults.ToxicSpec;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeSample;
import dev.shakedown.traffic.ProbeVerdicts;
import dev.shakedown.undo.Handle;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

@Area("Network")
public final class NetworkSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioUndo undo;
  private final ScenarioMonitor monitor;
  private final ScenarioTimer timer;
  private final LastFault lastFault;

  public NetworkSteps(
      Evidence evidence,
      ScenarioUndo undo,
      ScenarioMonitor monitor,
      ScenarioTimer timer,
      LastFault lastFault,
      CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.undo = undo;
    this.monitor = monitor;
    this.timer = timer;
    this.lastFault = lastFault;
  }

  @When("{int} ms of latency with {int} ms of jitter is added to {string}")
  @Example("When 800 ms of latency with 200 ms of jitter is added to \"cloud-a/store\"")
  public void latencyWithJitter(int latency, int jitter, String link) {
    inject(
        link,
        null,
        () -> faults().latency(link, Duration.ofMillis(latency), Duration.ofMillis(jitter)));
  }

  @When("{int} ms of latency is added to {string}")
  @Example("When 500 ms of latency is added to \"cloud-a/store\"")
  public void latency(int latency, String link) {
    inject(link, null, () -> faults().latency(link, Duration.ofMillis(latency), Duration.ZERO));
  }

  @When("{int} ms of latency is added to {string} for {duration}")
  @Example("When 500 ms of latency is added to \"cloud-a/store\" for 5 seconds")
  public void latencyFor(int latency, String link, Duration duration) {
    inject(link, duration, () -> faults().latency(link, Duration.ofMillis(latency), Duration.ZERO));
  }

  @When("{int} ms of latency is added upstream of {string}")
  @Example("When 200 ms of latency is added upstream of \"cloud-a/store\"")
  public void latencyUpstream(int latency, String link) {
    inject(
        link,
        null,
        () ->
            faults()
                .add(
                    link,
                    ToxicSpec.of("latency").upstream().attribute("latency", latency),
                    latency + " ms of latency upstream of " + link));
  }

  @When("{int} ms of latency is added to {string} for {percentage} of connections")
  @Example("When 500 ms of latency is added to \"cloud-a/store\" for 30% of connections")
  public void latencyForShare(int latency, String link, Percentage share) {
    inject(
        link,
        null,
        () ->
            faults()
                .add(
                    link,
                    ToxicSpec.of("latency")
                        .attribute("latency", latency)
                        .toxicity(share.fraction()),
                    latency + " ms of latency on " + share + " of the connections to " + link));
  }

  @When("{string} stops answering after {duration}")
  @Example("When \"cloud-a/store\" stops answering after 2 seconds")
  public void stopsAnswering(String link, Duration after) {
    inject(
        link,
        null,
        () ->
            faults()
                .add(
                    link,
                    ToxicSpec.of("timeout").attribute("timeout", after.toMillis()),
                    link
                        + " answering nothing, connections closed after "
                        + Durations.format(after)));
  }

  @When("{string} closes its connections {int} ms late")
  @Example("When \"cloud-a/store\" closes its connections 500 ms late")
  public void slowClose(String link, int delay) {
    inject(
        link,
        null,
        () ->
            faults()
                .add(
                    link,
                    ToxicSpec.of("slow_close").attribute("delay", delay),
                    link + " closing its connections " + delay + " ms late"));
  }

  @When("the data on {string} is cut off after {int} bytes per connection")
  @Example("When the data on \"cloud-a/store\" is cut off after 1024 bytes per connection")
  public void limitData(String link, int bytes) {
    inject(
        link,
        null,
        () ->
            faults()
                .add(
                    link,
                    ToxicSpec.of("limit_data").attribute("bytes", bytes),
                    "connections to " + link + " closed after " + bytes + " bytes"));
  }

  @When("{string} is cut off")
  @Example("When \"cloud-a/store\" is cut off")
  public void cutOff(String link) {
    inject(link, null, () -> faults().cut(link));
  }

  @When("{string} is cut off for {duration}")
  @Example("When \"cloud-a/store\" is cut off for 10 seconds")
  public void cutOffFor(String link, Duration duration) {
    inject(link, duration, () -> faults().cut(link));
  }

  @When("the connections to {string} are reset after {int} ms for {percentage} of connections")
  @Example(
      "When the connections to \"cloud-b/store\" are reset after 100 ms for 50% of connections")
  public void resetPeer(String link, int after, Percentage share) {
    inject(link, null, () -> faults().resetPeer(link, Duration.ofMillis(after), share));
  }

  @When("the bandwidth of {string} is limited to {int} KB\\/s")
  @Example("When the bandwidth of \"cloud-a/store\" is limited to 100 KB/s")
  public void bandwidth(String link, int kilobytesPerSecond) {
    inject(link, null, () -> faults().bandwidth(link, kilobytesPerSecond));
  }

  @When("the data on {string} is sliced into {int}-byte pieces {int} ms apart")
  @Example("When the data on \"cloud-a/store\" is sliced into 64-byte pieces 5 ms apart")
  public void slicer(String link, int bytes, int gap) {
    inject(link, null, () -> faults().slicer(link, bytes, Duration.ofMillis(gap)));
  }

  @Then("after {duration} no fault is active on {string}")
  @Example("Then after 6 seconds no fault is active on \"cloud-a/store\"")
  public void noFaultAfter(Duration after, String link) {
    checkLink(current.context(), link);
    String left = " is left on " + link + " " + Durations.format(after) + " after the last fault";
    current.check("would check that no fault" + left, () -> judgeNoFaultAfter(after, link));
  }

  @Then("the p99 latency stays under {int} ms")
  @Example("Then the p99 latency stays under 1500 ms")
  public void p99StaysUnder(int millis) {
    Monitor watching = monitor.require("the p99 latency stays under");
    current.check(
        "would check that the p99 latency of the successful probes since the last fault is under "
            + millis
            + " ms",
        () -> {
          LastFault.Fault last = lastFault.now();
          Instant from = last.at().orElse(watching.started());
          Instant to = Instant.now();
          ProbeSample sample = watching.window(from, to);
          timer.requireScheduledBy(to, "the p99 check");
          String since = "since " + last.description();
          ProbeVerdicts.p99Under(sample, from, since, millis).recordInto(evidence);
        });
  }

  /** Waits until {@code after} the last fault (on the monitor if it runs: a halt ends it). */
  private void judgeNoFaultAfter(Duration after, String link) {
    LastFault.Fault last = lastFault.now();
    Instant until = last.at().orElse(Instant.now()).plus(after);
    monitor
        .current()
        .ifPresentOrElse(
            watching -> watching.awaitUntil(until), () -> current.context().awaitUntil(until));
    FaultVerdicts.noneActive(faults().activeOn(link), link, after, last.description())
        .recordInto(evidence);
  }

  /** Applies a fault (in a dry run, the planned faults say what they would add) and times it. */
  private void inject(String link, Duration expiresAfter, Supplier<Handle> apply) {
    checkLink(current.context(), link);
    current.disrupt(
        "inject the fault into "
            + link
            + (expiresAfter == null ? "" : ", for " + Durations.format(expiresAfter)));
    Instant at = Instant.now();
    Handle fault = apply.get();
    lastFault.applied(at, "adding " + fault.description());
    evidence.event("applied: " + fault.description());
    if (expiresAfter != null) {
      timer.expireAfter(
          fault,
          expiresAfter,
          note -> {
            evidence.event("expired: " + fault.description() + ": " + note);
            evidence.faultEnded("adding " + fault.description(), Instant.now());
          });
    }
  }

  private static void checkLink(RunContext run, String link) {
    if (!run.linkNames().contains(link)) {
      throw new ShakedownException(
          "no link named '"
              + link
              + "'; "
              + Suggestions.closest(link, run.linkNames())
                  .map(s -> "did you mean '" + s + "'? ")
                  .orElse("")
              + (run.linkNames().isEmpty()
                  ? "the config names none: add them under a cloud's 'proxies:'"
                  : "known links: " + String.join(", ", run.linkNames())));
    }
  }

  private NetworkFaults faults() {
    return current.context().networkFaults(undo.undo());
  }
}
