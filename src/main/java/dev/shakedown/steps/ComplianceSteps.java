package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.backup.BackupStore;
import dev.shakedown.compliance.ControlVerdict;
import dev.shakedown.compliance.HeaderControls;
import dev.shakedown.compliance.Labels;
import dev.shakedown.compliance.ResponseFacts;
import dev.shakedown.compliance.ResponseProbe;
import dev.shakedown.compliance.Spread;
import dev.shakedown.compliance.TlsControls;
import dev.shakedown.compliance.TlsFacts;
import dev.shakedown.compliance.TlsProbe;
import dev.shakedown.config.DeploymentSettings;
import dev.shakedown.config.Percentage;
import dev.shakedown.drills.BackupControls;
import dev.shakedown.drills.BackupTargets;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import io.cucumber.java.en.Then;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Area("Compliance")
public final class ComplianceSteps {
  private final CurrentRun current;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Evidence evidence;
  private TlsFacts tls;

  public ComplianceSteps(Evidence evidence, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
  }

  @Then("the public endpoint accepts only TLS {tlsVersion} or newer")
  @Example("Then the public endpoint accepts only TLS 1.2 or newer")
  public void onlyTls(String minimum) {
    URI endpoint = publicEndpoint();
    current.check(
        "would try a TLS handshake with " + endpoint + " for each of " + TlsProbe.VERSIONS,
        () -> record(TlsControls.onlyFrom(endpoint, tls(endpoint), minimum)));
  }

  @Then("its certificate is valid for at least {int} more days")
  @Example("And its certificate is valid for at least 30 more days")
  public void certificateValidFor(int days) {
    URI endpoint = publicEndpoint();
    current.check(
        "would read the certificate of " + endpoint + " and its expiry (" + days + " days)",
        () -> record(TlsControls.certificateFor(endpoint, tls(endpoint), days, Instant.now())));
  }

  @Then("every response of the public endpoint has the header {string}")
  @Example(
      "Then every response of the public endpoint has the header \"Strict-Transport-Security\"")
  public void everyResponseHasHeader(String header) {
    current.check(
        probing("would check that every response has " + header),
        () -> record(HeaderControls.everyHas(responses(), header)));
  }

  @Then("no response of the public endpoint reveals a server version")
  @Example("And no response of the public endpoint reveals a server version")
  public void noServerVersion() {
    current.check(
        probing("would check that no response names a server version"),
        () -> record(HeaderControls.noVersion(responses())));
  }

  @Then("every backup store enforces encryption at rest")
  @Example("Then every backup store enforces encryption at rest")
  public void backupsEncrypted() {
    checkBackupStores(
        "encryption at rest",
        target -> target.store().encryptionAtRest(),
        fact -> !fact.holds(),
        "not every backup store enforces encryption at rest");
  }

  @Then("no backup store is publicly readable")
  @Example("And no backup store is publicly readable")
  public void backupsNotPublic() {
    checkBackupStores(
        "public access",
        target -> target.store().publicAccess(),
        BackupStore.Fact::holds,
        "a backup store is publicly readable");
  }

  private void checkBackupStores(
      String what,
      java.util.function.Function<BackupTargets.Target, BackupStore.Fact> check,
      java.util.function.Predicate<BackupStore.Fact> bad,
      String failure) {
    List<BackupTargets.Target> targets = BackupTargets.all(current.context());
    try {
      current.check(
          "would check the " + what + " of " + BackupTargets.describe(targets),
          () -> record(BackupControls.everyStore(targets, what, check, bad, failure)));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Then("the instances run in at least {int} clouds")
  @Example("Then the instances run in at least 2 clouds")
  public void atLeastClouds(int clouds) {
    Map<String, Integer> running = runningByCloud();
    current.check(
        "would count the running instances per cloud: " + running,
        () -> record(Spread.atLeast(running, clouds)));
  }

  @Then("no cloud holds more than {percentage} of the instances")
  @Example("And no cloud holds more than 60% of the instances")
  public void noCloudHoldsMore(Percentage ceiling) {
    Map<String, Integer> running = runningByCloud();
    current.check(
        "would check that no cloud holds more than " + ceiling + " of " + running,
        () -> record(Spread.noCloudAbove(running, ceiling)));
  }

  @Then("every instance carries the label(s) {labels}")
  @Example("Then every instance carries the labels \"owner\" and \"service\"")
  public void everyInstanceCarries(List<String> labels) {
    RunContext run = current.context();
    List<Instance> instances = new ArrayList<>();
    run.config()
        .clouds()
        .keySet()
        .forEach(c -> instances.addAll(run.fleet(c).orElseThrow().instances()));
    ControlVerdict verdict = Labels.carried(instances, labels, run.config().clouds().keySet());
    if (instances.isEmpty()) {
      record(verdict); // nothing to label is a failure a dry run can tell already
    }
    current.check(
        "would check the labels " + labels + " on " + instances.size() + " instance(s)",
        () -> record(verdict));
  }

  /** The figures into the evidence, then the verdict: a control that does not hold fails. */
  private void record(ControlVerdict verdict) {
    verdict.recordInto(evidence);
  }

  private TlsFacts tls(URI endpoint) {
    if (tls == null) {
      RunContext run = current.context();
      Optional<java.nio.file.Path> trust =
          Optional.ofNullable(deployment(run).trust())
              .map(f -> java.nio.file.Path.of(f.replace("{reports}", run.directory().toString())));
      tls = new TlsProbe(TIMEOUT, trust).probe(endpoint);
      tls.accepted()
          .forEach(
              (version, accepted) -> {
                evidence.measure(version + " accepted", accepted ? 1 : 0, accepted ? "yes" : "no");
                evidence.event(
                    "TLS handshake with only "
                        + version
                        + " enabled: "
                        + (accepted ? "completed" : "refused"));
              });
      tls.certificate()
          .ifPresent(
              c ->
                  evidence.event(
                      "certificate: "
                          + c.subject()
                          + ", issued by "
                          + c.issuer()
                          + ", valid "
                          + c.notBefore()
                          + " to "
                          + c.notAfter()
                          + (c.trusted() ? ", trusted" : ", not trusted: " + c.trustProblem())));
    }
    return tls;
  }

  /** What a dry run says of a check of the public endpoint's responses. */
  private String probing(String action) {
    DeploymentSettings deployment = deployment(current.context());
    return action + " of " + deployment.publicEndpoint() + " at " + deployment.publicPaths();
  }

  private List<ResponseFacts> responses() {
    RunContext run = current.context();
    DeploymentSettings deployment = deployment(run);
    List<String> paths = new ArrayList<>(deployment.publicPaths());
    paths.add("/shakedown-no-such-page-" + UUID.randomUUID());
    List<ResponseFacts> responses =
        new ResponseProbe(TIMEOUT).fetch(deployment.publicEndpoint(), paths);
    responses.forEach(
        r -> evidence.event("GET " + r.url() + ": " + r.status() + " " + headerNames(r)));
    return responses;
  }

  private static String headerNames(ResponseFacts response) {
    return String.join(", ", response.headers().keySet());
  }

  private URI publicEndpoint() {
    return deployment(current.context()).publicEndpoint();
  }

  private static DeploymentSettings deployment(RunContext run) {
    return run.config()
        .deployment()
        .orElseThrow(
            () ->
                new ShakedownException(
                    "the compliance steps check the public endpoint, and no config file names one;"
                        + " add deployment: { endpoint: ..., publicEndpoint: https://... }"));
  }

  private Map<String, Integer> runningByCloud() {
    RunContext run = current.context();
    Map<String, Integer> running = new LinkedHashMap<>();
    for (String cloud : run.config().clouds().keySet()) {
      Fleet fleet = run.fleet(cloud).orElseThrow();
      running.put(
          cloud,
          (int) fleet.instances().stream().filter(i -> i.state() == InstanceState.RUNNING).count());
    }
    return running;
  }
}
