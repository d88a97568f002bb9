package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.fleet.Disruptions;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.traffic.HaltedException;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Area("Failover")
public final class FailoverSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioUndo undo;
  private final LastFault lastFault;

  public FailoverSteps(
      Evidence evidence, ScenarioUndo undo, LastFault lastFault, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.undo = undo;
    this.lastFault = lastFault;
  }

  @When("{int} instance(s) in cloud {string} is/are killed")
  @Example("When 1 instance in cloud \"cloud-a\" is killed")
  public void instancesAreKilled(int count, String cloud) {
    kill(Map.of(cloud, disruptions().victims(cloud, count)));
  }

  @When("every instance in cloud {string} is killed")
  @Example("When every instance in cloud \"cloud-a\" is killed")
  public void everyInstanceIsKilled(String cloud) {
    kill(Map.of(cloud, disruptions().running(cloud)));
  }

  @When("{percentage} of the instances in cloud {string} are killed")
  @Example("When 50% of the instances in cloud \"cloud-a\" are killed")
  public void shareIsKilled(Percentage share, String cloud) {
    kill(Map.of(cloud, disruptions().victims(cloud, disruptions().shareOf(cloud, share))));
  }

  @When("{percentage} of the instances in every cloud are killed")
  @Example("When 50% of the instances in every cloud are killed")
  public void shareOfEveryCloudIsKilled(Percentage share) {
    Map<String, List<Instance>> victims = new LinkedHashMap<>();
    for (String cloud : current.context().config().clouds().keySet()) {
      victims.put(cloud, disruptions().victims(cloud, disruptions().shareOf(cloud, share)));
    }
    kill(victims);
  }

  @When("{int} instance(s) in cloud {string} is/are rebooted")
  @Example("When 1 instance in cloud \"gcp-eu\" is rebooted")
  public void instancesAreRebooted(int count, String cloud) {
    List<Instance> victims = disruptions().victims(cloud, count);
    disruptions().checkBlastRadius(cloud, victims);
    current.disrupt("reboot " + Disruptions.describe(victims));
    lastFault.applied(
        Instant.now(),
        "rebooting " + String.join(", ", victims.stream().map(Instance::qualifiedId).toList()));
    for (Instance victim : victims) {
      evidence.event("rebooting " + victim.qualifiedId() + pid(victim));
      disruptions().reboot(undo.undo(), victim);
    }
  }

  @When("availability zone {string} of cloud {string} fails")
  @Example("When availability zone \"eu-west-2a\" of cloud \"aws-eu\" fails")
  public void zoneFails(String zone, String cloud) {
    disruptions().checkZoneOutage(cloud, zone);
    current.disrupt("fail availability zone " + zone + " of " + cloud + ": every instance in it");
    Instant at = Instant.now();
    List<KillReceipt> receipts = disruptions().zoneOutage(undo.undo(), cloud, zone);
    for (KillReceipt receipt : receipts) {
      receipt.killed().forEach(victim -> evidence.event(killing(victim)));
      undo.remember(receipt);
    }
    lastFault.applied(at, "losing zone " + zone + " of " + cloud, done(receipts, at));
  }

  /** When the last of the kills was done: the cloud has carried them out (a VM deleted). */
  private static Instant done(List<KillReceipt> receipts, Instant at) {
    return receipts.stream().map(KillReceipt::done).max(Instant::compareTo).orElse(at);
  }

  @When("the instances in cloud {string} are restarted one at a time")
  @Example("When the instances in cloud \"cloud-b\" are restarted one at a time")
  public void rollingRestart(String cloud) {
    disruptions().rollingRestart(undo.undo(), cloud, new RestartsInEvidence(cloud, null));
  }

  @When("cloud {string} rolls out a new revision")
  @Example("When cloud \"cf-eu\" rolls out a new revision")
  public void rollOut(String cloud) {
    disruptions().checkRollOut(cloud);
    current.disrupt("roll out a new revision in cloud " + cloud);
    Instant at = Instant.now();
    lastFault.applied(at, "rolling out a new revision in cloud " + cloud);
    String done =
        disruptions()
            .rollOut(undo.undo(), cloud, new RestartsInEvidence(cloud, at), this::checkNotHalted);
    evidence.event("rolled out a new revision in cloud " + cloud + ": " + done);
  }

  /** Each restart in the evidence, and a halt ending the restart before the next goes down. */
  private final class RestartsInEvidence implements Disruptions.RestartSteps {
    private final String cloud;
    private Instant started;

    /**
     * @param started when a rollout began, which started the window a verdict judges; null for a
     *     rolling restart, whose first stop starts it
     */
    RestartsInEvidence(String cloud, Instant started) {
      this.cloud = cloud;
      this.started = started;
    }

    @Override
    public void stopping(Instance instance) {
      checkNotHalted();
      if (started == null) { // past the blast-radius check: asked, and the window starts, here
        current.disrupt("restart the instances of " + cloud + " one at a time");
        started = Instant.now();
        lastFault.applied(started, "restarting the instances of " + cloud + " one at a time");
      }
      evidence.event("stopping " + instance.qualifiedId() + pid(instance));
    }

    @Override
    public void restarted(Disruptions.Restart restart) {
      String id = restart.instance().qualifiedId();
      evidence.event("restarted " + id + " in " + Durations.format(restart.took()));
      evidence.measure("restart time of " + id, restart.took().toMillis(), "ms");
    }
  }

  @Given("every instance in cloud {string} is stopped")
  @Example("Given every instance in cloud \"cloud-a\" is stopped")
  public void everyInstanceIsStopped(String cloud) {
    var first = new java.util.concurrent.atomic.AtomicBoolean(true);
    disruptions()
        .stopEvery(
            undo.undo(),
            cloud,
            instance -> {
              if (first.getAndSet(false)) { // past the blast-radius check: asked here
                current.disrupt("stop every instance of " + cloud);
                lastFault.applied(Instant.now(), "stopping every instance of " + cloud);
              }
              evidence.event("stopping " + instance.qualifiedId() + pid(instance));
            });
  }

  @Then("the killed instance(s) is/are replaced within {duration}")
  @Example("Then the killed instance is replaced within 60 seconds")
  public void killedInstancesAreReplaced(Duration within) {
    for (KillReceipt receipt : undo.requireKills()) {
      String wait = "would wait up to " + Durations.format(within) + " for cloud '";
      current.check(
          wait + receipt.cloud() + "' to replace " + receipt.describe(),
          () ->
              disruptions()
                  .replacement(receipt, within, this::checkNotHalted)
                  .recordInto(evidence));
    }
  }

  private void kill(Map<String, List<Instance>> victims) {
    // Refused before the room is asked: a go that ends in a refusal wastes the moment.
    victims.forEach((cloud, instances) -> disruptions().checkBlastRadius(cloud, instances));
    current.disrupt("kill " + describe(victims));
    Instant at = Instant.now();
    String description = "killing " + describe(victims);
    List<KillReceipt> receipts = disruptions().kill(undo.undo(), victims);
    lastFault.applied(at, description, done(receipts, at));
    // After the kill: a refused one (blast radius, nothing to replace it) killed nothing.
    for (KillReceipt receipt : receipts) {
      receipt.killed().forEach(victim -> evidence.event(killing(victim)));
    }
    receipts.forEach(undo::remember);
    for (KillReceipt receipt : receipts) {
      evidence.measure(
          "instances killed in " + receipt.cloud(), receipt.killed().size(), "instances");
    }
  }

  /** {@code killing aws-eu/i-0a (zone eu-west-2a): hard: EC2 TerminateInstances, ...}. */
  private String killing(Instance victim) {
    String how = disruptions().fleet(victim.cloud()).howKilled();
    List<String> where = new java.util.ArrayList<>();
    if (victim.facts().containsKey("pid")) {
      where.add("pid " + victim.facts().get("pid"));
    }
    if (victim.zone() != null && !victim.zone().isEmpty()) { // a CF instance's is not told
      where.add("zone " + victim.zone());
    }
    return "killing "
        + victim.qualifiedId()
        + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")")
        + (how.isEmpty() ? "" : ": " + how);
  }

  private static String pid(Instance instance) {
    return instance.pidNote();
  }

  private static String describe(Map<String, List<Instance>> victims) {
    List<Instance> all = victims.values().stream().flatMap(List::stream).toList();
    if (all.size() <= 3) {
      return String.join(", ", all.stream().map(Instance::qualifiedId).toList());
    }
    return all.size()
        + " instances ("
        + String.join(
            ", ",
            victims.entrySet().stream()
                .map(e -> e.getValue().size() + " in " + e.getKey())
                .toList())
        + ")";
  }

  private void checkNotHalted() {
    current
        .context()
        .halted()
        .ifPresent(
            reason -> {
              throw new HaltedException(reason);
            });
  }

  private Disruptions disruptions() {
    return current.context().disruptions();
  }
}
