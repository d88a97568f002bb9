package dev.shakedown.fleet.cloudfoundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.poll.Poll;
import dev.shakedown.testing.ProjectFailover;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloudfoundry provider against a stateful Cloud Controller and UAA on loopback. */
class CloudFoundryFleetIT {
  @TempDir Path dir;
  private CloudController cc;

  @BeforeEach
  void start() throws Exception {
    cc = new CloudController().app("donations", "production", "donations", 3);
  }

  @AfterEach
  void stop() {
    cc.close();
  }

  private CloudFoundrySettings settings(String app, String user) {
    return settings(app, null, user, new Secret(CloudController.PASSWORD), null, null);
  }

  /** The stand-in's org and space, polled every 50 ms, logged in as the arguments say. */
  private CloudFoundrySettings settings(
      String app,
      String processType,
      String user,
      Secret password,
      String clientId,
      Secret clientSecret) {
    return new CloudFoundrySettings(
        URI.create(cc.baseUrl()),
        "donations",
        "production",
        app,
        processType,
        user,
        password,
        clientId,
        clientSecret,
        null,
        null,
        Duration.ofMillis(50));
  }

  private Fleet open(CloudFoundrySettings settings, boolean dryRun) {
    return dev.shakedown.testing.TestFleets.open(
        new CloudFoundryProvider(), "cf-eu", settings, dir, dryRun);
  }

  @Test
  void should_list_the_process_instances_and_tell_a_restarted_index_from_the_killed_one() {
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      List<Instance> instances = fleet.instances();

      assertThat(instances)
          .extracting(Instance::id)
          .containsExactly("donations-0", "donations-1", "donations-2");
      assertThat(instances).allMatch(i -> i.state() == InstanceState.RUNNING);
      assertThat(instances.get(1).address()).isEqualTo(URI.create("http://10.0.16.10:61001"));
      assertThat(instances.get(1).facts()).containsEntry("index", "1").containsKey("uptime");

      Instance victim = instances.get(0);
      Instant killed = Instant.now();
      fleet.kill(victim);

      assertThat(cc.mutating())
          .containsExactly("DELETE /v3/apps/" + appGuid() + "/processes/web/instances/0");
      boolean replaced =
          Poll.within(Duration.ofSeconds(10))
              .every(Duration.ofMillis(50))
              .until(
                  () ->
                      fleet.instances().stream()
                          .anyMatch(
                              i ->
                                  i.id().equals("donations-0")
                                      && i.state() == InstanceState.RUNNING
                                      && !i.identity().equals(victim.identity())));
      assertThat(replaced).as("index 0 running again, as another instance").isTrue();
      assertThat(cc.restartedAfter("donations", 0, killed)).isTrue();
      assertThat(fleet.awaitHealthy(3, Duration.ofSeconds(5))).isNotNull();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "instance guids: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void should_wait_after_a_restart_in_place_until_the_old_instance_is_gone(boolean guids) {
    cc.instanceGuids = guids;
    cc.stopping = Duration.ofMillis(1500); // Diego's graceful shutdown: it still runs meanwhile
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      Instance victim = fleet.instances().get(2);
      Instant asked = Instant.now();

      fleet.reboot(victim);

      assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(cc.stopping);
      assertThat(fleet.instances())
          .noneMatch(
              i -> i.identity().equals(victim.identity()) && i.state() == InstanceState.RUNNING);
      assertThat(fleet.restartsByStopping()).isFalse();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "instance guids: {0}, start moves: {1}")
  @org.junit.jupiter.params.provider.CsvSource({"true,false", "false,false", "false,true"})
  void should_never_take_the_killed_instance_shutting_down_for_its_replacement(
      boolean guids, boolean startMoves) throws Exception {
    cc.instanceGuids = guids;
    cc.startMovesOnKill =
        startMoves; // without the kill time, its new start would look like a new one
    cc.stopping = Duration.ofMillis(4500);
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      Instance victim = fleet.instances().get(0);
      fleet.kill(victim);
      Thread.sleep(1500); // past the poll interval, still shutting down

      assertThat(fleet.instances())
          .filteredOn(i -> i.id().equals("donations-0"))
          .singleElement()
          .satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.RUNNING))
          .satisfies(i -> assertThat(i.identity()).isEqualTo(victim.identity()));
      boolean replaced =
          Poll.within(Duration.ofSeconds(10))
              .every(Duration.ofMillis(50))
              .until(
                  () ->
                      fleet.instances().stream()
                          .anyMatch(
                              i ->
                                  i.id().equals("donations-0")
                                      && i.state() == InstanceState.RUNNING
                                      && !i.identity().equals(victim.identity())));
      assertThat(replaced).isTrue();
    }
  }

  @Test
  void should_renew_an_expired_token_and_go_on() throws Exception {
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      fleet.instances();
      cc.expireTokens();
      Thread.sleep(100); // past the poll interval: the next look asks the API

      assertThat(fleet.instances()).hasSize(3);
      assertThat(cc.grants).containsExactly("password", "refresh_token");
      assertThat(cc.requests).anyMatch(r -> r.startsWith("GET /v3/processes/"));
    }
  }

  @Test
  void should_name_the_role_a_forbidden_kill_needs_with_cfs_own_error() {
    try (Fleet fleet = open(settings("donations", CloudController.AUDITOR), false)) {
      Instance victim = fleet.instances().get(0);

      assertThatThrownBy(() -> fleet.kill(victim))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'cf-eu': DELETE /v3/apps/"
                  + appGuid()
                  + "/processes/web/instances/0 answered 403 CF-NotAuthorized (10003): You are not"
                  + " authorized to perform the requested action; the user or client needs the"
                  + " Space Developer role in the space (or Admin, or Space Supporter)");
    }
  }

  @Test
  void should_name_an_app_that_is_not_there_with_the_closest() {
    assertThatThrownBy(() -> open(settings("donatoins", CloudController.USER), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'cf-eu': no app named 'donatoins' that the user can see; did you mean"
                + " 'donations'?; there are: donations");
  }

  @Test
  void should_name_a_process_type_the_app_does_not_have_and_a_stopped_app() {
    CloudFoundrySettings worker =
        settings(
            "donations",
            "wbe",
            CloudController.USER,
            new Secret(CloudController.PASSWORD),
            null,
            null);
    assertThatThrownBy(() -> open(worker, false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'cf-eu': app donations has no process of type 'wbe'; did you mean 'web'?; its"
                + " processes: web (processType:)");

    cc.stop("donations");
    assertThatThrownBy(() -> open(settings("donations", CloudController.USER), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'cf-eu': app donations is stopped; start it (cf start donations) before"
                + " disrupting it");
  }

  @Test
  void should_say_uaa_refused_the_login_and_never_the_password() {
    CloudFoundrySettings wrong =
        settings("donations", null, CloudController.USER, new Secret("Wr0ng-Passw0rd"), null, null);

    assertThatThrownBy(() -> open(wrong, false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'cf-eu': UAA at 127.0.0.1 refused to log in user shakedown: 401 invalid_client"
                + " (Bad credentials); check the username and password in the config")
        .hasMessageNotContaining("Wr0ng");
  }

  @Test
  void should_log_in_a_client_by_client_credentials() {
    CloudFoundrySettings client =
        settings(
            "donations",
            null,
            null,
            null,
            "shakedown-client",
            new Secret(CloudController.PASSWORD));
    try (Fleet fleet = open(client, false)) {
      assertThat(fleet.instances()).hasSize(3);
    }
    assertThat(cc.grants).containsExactly("client_credentials");
  }

  @Test
  void should_refuse_a_stop_and_a_zone_outage_in_one_line_saying_what_to_use() {
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      Instance instance = fleet.instances().get(0);

      assertThatThrownBy(() -> fleet.toHoldStop(instance))
          .hasMessage(
              "cloud 'cf-eu': Cloud Foundry cannot stop one instance of an app (cf stop stops them"
                  + " all); use 'is rebooted' to restart it in place, or 'is killed'");
      assertThatThrownBy(() -> fleet.toHoldZoneOutage("z1"))
          .hasMessageStartingWith(
              "cloud 'cf-eu': the Cloud Controller does not say which availability zone an app"
                  + " instance runs in");
    }
    assertThat(cc.mutating()).isEmpty();
  }

  @Test
  void should_hold_the_projects_failover_feature_on_two_cloud_foundry_clouds() throws Exception {
    cc.app("donations", "production", "donations-a", 2)
        .app("donations", "production", "donations-b", 2);
    // An app that takes 11 s to start again, as a JVM app on a cell may: with a start of 1 s,
    // Diego has cloud-a serving again inside the feature's 10 s window, and "all requests are
    // served by cloud-b" rightly fails (the gorouter below sends them back to cloud-a).
    cc.starting = Duration.ofSeconds(11);
    {
      // Served by a gorouter over the stand-in's instances: the verdicts judge what they do.
      URI router = cc.router(Map.of("donations-a", "cloud-a", "donations-b", "cloud-b"));
      Workspace workspace = new Workspace(dir);

      CommandLineRun run =
          run(
              workspace,
              project("failover/failover"),
              router.toString(),
              2,
              ProjectFailover.withShareOfEveryCloud());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("PASS  Losing one instance")
          .contains("PASS  Losing a whole cloud")
          .contains("PASS  A rolling restart of a cloud")
          .contains("PASS  Losing a share of every cloud at once");
      String written = run.all() + workspace.everythingWritten();
      assertThat(written).doesNotContain(CloudController.PASSWORD);
      assertThat(cc.issued)
          .isNotEmpty()
          .allSatisfy(token -> assertThat(written).doesNotContain(token));
    }
    // One, then both of cloud-a; cloud-b's two restarted in turn; then half of each cloud.
    assertThat(cc.mutating()).hasSize(1 + 2 + 2 + 1 + 1).allMatch(r -> r.startsWith("DELETE "));
  }

  @Test
  void should_plan_a_dry_run_without_a_mutating_request_and_refuse_over_the_blast_radius() {
    cc.app("donations", "production", "donations-a", 2)
        .app("donations", "production", "donations-b", 2);
    Workspace workspace = new Workspace(dir);
    CommandLineRun dryRun =
        run(workspace, project("failover/failover"), "http://127.0.0.1:9", 3, "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
    assertThat(dryRun.out()).contains("would kill cloud-a/donations-a-0");
    assertThat(cc.mutating()).isEmpty();

    Path feature =
        workspace.write(
            "features/two.feature",
            """
            Feature: Two
              Scenario: Two at once
                When 2 instances in cloud "cloud-a" are killed
            """);
    CommandLineRun refused =
        run(workspace, feature.toString(), "http://127.0.0.1:9", 1, "--dry-run");

    assertThat(refused.all())
        .contains(
            "refused: this would take 2 instances of cloud 'cloud-a' down at once, over its blast"
                + " radius safety.maxInstancesDown = 1");
    assertThat(cc.mutating()).isEmpty();
  }

  @Test
  void should_hold_the_projects_rollout_feature_through_a_rolling_deployment() throws Exception {
    cc.app("donations", "production", "donations-a", 2)
        .app("donations", "production", "donations-b", 2);
    Instant before = Instant.now();
    {
      URI router = cc.router(Map.of("donations-a", "cloud-a", "donations-b", "cloud-b"));
      Workspace workspace = new Workspace(dir);

      CommandLineRun run = run(workspace, project("rollout/rollout"), router.toString(), 1);

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .containsPattern(
              "rolled out a new revision in cloud cloud-b: Cloud Foundry rolling deployment \\S+"
                  + " of app donations-b \\(droplet \\S+\\): FINALIZED/DEPLOYED, every instance new and"
                  + " routable, in");
    }
    assertThat(cc.mutating()).containsExactly("POST /v3/deployments");
    assertThat(cc.restartedAfter("donations-b", 0, before)).isTrue();
    assertThat(cc.restartedAfter("donations-b", 1, before)).isTrue();
  }

  @Test
  void should_report_a_cancelled_or_stuck_rollout_in_the_platforms_words() throws Exception {
    try (Fleet fleet = open(settings("donations", CloudController.USER), false)) {
      cc.deploymentsEnd = "CANCELED";
      assertThatThrownBy(() -> fleet.rollOut(Duration.ofSeconds(20), 1, () -> {}))
          .isInstanceOf(FleetException.class)
          .hasMessageMatching(
              "cloud 'cf-eu': deployment \\S+ of app donations ended FINALIZED/CANCELED");

      // A halted run stops waiting at once; the platform's deployment goes on, and finishes.
      cc.deploymentsEnd = "DEPLOYED";
      Instant asked = Instant.now();
      assertThatThrownBy(
              () ->
                  fleet.rollOut(
                      Duration.ofMinutes(5),
                      1,
                      () -> {
                        throw new IllegalStateException("halted: error rate 12% over 5%");
                      }))
          .hasMessage("halted: error rate 12% over 5%");
      assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofMinutes(1));
      Thread.sleep(2500); // 3 instances of 400 ms each, and the finalizing step

      cc.deploymentsEnd = "STUCK";
      assertThatThrownBy(() -> fleet.rollOut(Duration.ofSeconds(1), 1, () -> {}))
          .isInstanceOf(FleetException.class)
          .hasMessageMatching(
              "cloud 'cf-eu': deployment \\S+ of app donations is still ACTIVE/DEPLOYING \\(Unable"
                  + " to start instances: the new instances crash on start\\) after 1 s \\(the"
                  + " cloud's safety.revertTimeout\\); it is left to the platform \\(cf"
                  + " cancel-deployment donations stops it\\)");
      // That one is still under way, stuck: another rollout on top of it is refused.
      assertThatThrownBy(() -> fleet.rollOut(Duration.ofSeconds(20), 1, () -> {}))
          .hasMessageMatching(
              "cloud 'cf-eu': app donations has deployment \\S+ under way \\(ACTIVE/DEPLOYING"
                  + " \\(Unable to start instances: the new instances crash on start\\)\\); wait"
                  + " for it, or cf cancel-deployment donations");
    }
  }

  @Test
  void should_plan_a_rollout_in_a_dry_run_without_creating_a_deployment() {
    cc.app("donations", "production", "donations-a", 2)
        .app("donations", "production", "donations-b", 2);
    Workspace workspace = new Workspace(dir);

    CommandLineRun run =
        run(workspace, project("rollout/rollout"), "http://127.0.0.1:9", 1, "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("would roll out a new revision in cloud cloud-b as its platform paces it");
    assertThat(cc.mutating()).isEmpty();
  }

  /** One of the project's own features, unchanged: {@code failover/failover}. */
  private static String project(String feature) {
    return Path.of("features", feature + ".feature").toAbsolutePath().toString();
  }

  /** {@code shakedown run FEATURE} on the two clouds of {@link #twoClouds}, through the jar. */
  private CommandLineRun run(
      Workspace workspace, String feature, String deployment, int maxDown, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", feature, "--clouds"));
    args.add(twoClouds(workspace, deployment, maxDown).toString());
    args.addAll(List.of(more));
    return workspace.run(args.toArray(String[]::new));
  }

  private Path twoClouds(Workspace workspace, String deployment, int maxDown) {
    String cloud =
        """
          %s:
            provider: cloudfoundry
            api: %s
            org: donations
            space: production
            app: %s
            username: shakedown
            password: %s
            pollInterval: 100ms
            safety: { maxInstancesDown: %d }
        """;
    return workspace.write(
        "cf.yaml",
        """
        deployment:
          endpoint: %s
          probe: { path: /health, interval: 100ms, sample: 1s }
        clouds:
        """
                .formatted(deployment)
            + cloud.formatted(
                "cloud-a", cc.baseUrl(), "donations-a", CloudController.PASSWORD, maxDown)
            + cloud.formatted(
                "cloud-b", cc.baseUrl(), "donations-b", CloudController.PASSWORD, maxDown));
  }

  private String appGuid() {
    return cc.requests.stream()
        .filter(r -> r.startsWith("GET /v3/apps/"))
        .map(r -> r.split("/")[3])
        .findFirst()
        .orElseThrow();
  }
}
