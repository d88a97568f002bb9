package dev.shakedown.fleet.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.fleet.aws.AwsTestGroups;
import dev.shakedown.poll.Poll;
import dev.shakedown.testing.ProjectFailover;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bosh provider against a stateful director, UAA and resurrector on loopback. */
class BoshFleetIT {
  @TempDir Path dir;
  private BoshDirector director;

  @BeforeEach
  void start() throws Exception {
    director = new BoshDirector().deployment("donations", "api", 3);
  }

  @AfterEach
  void stop() {
    director.close();
  }

  private BoshSettings settings(String deployment, String group, String client, String secret) {
    return new BoshSettings(
        URI.create(director.baseUrl()),
        deployment,
        group,
        client,
        new Secret(secret),
        null,
        null,
        8080,
        Duration.ofMillis(50));
  }

  private BoshSettings settings() {
    return settings("donations", null, BoshDirector.CLIENT, BoshDirector.SECRET);
  }

  private Fleet open(BoshSettings settings, boolean dryRun) {
    return dev.shakedown.testing.TestFleets.open(
        new BoshProvider(), "bosh-eu", settings, dir, dryRun);
  }

  @Test
  void should_list_from_the_full_format_task_and_see_the_resurrector_replace_a_deleted_vm() {
    director.errand("donations", "smoke-tests"); // listed by the director, but never a VM to serve
    try (Fleet fleet = open(settings(), false)) {
      List<Instance> instances = fleet.instances();

      assertThat(instances).hasSize(3).allMatch(i -> i.state() == InstanceState.RUNNING);
      Instance victim = instances.get(1);
      assertThat(victim.id()).matches("api/[0-9a-f-]{36}");
      assertThat(victim.zone()).isEqualTo("z2");
      assertThat(victim.address()).isEqualTo(URI.create("http://10.0.16.11:8080"));
      assertThat(victim.facts())
          .containsEntry("index", "1")
          .containsEntry("job_state", "running")
          .containsEntry("bosh-state", "started");
      assertThat(director.requests)
          .contains("GET /deployments/donations/instances?format=full")
          .anyMatch(r -> r.matches("GET /tasks/\\d+/output\\?type=result"));

      fleet.kill(victim);

      assertThat(director.mutating())
          .containsExactly("DELETE /vms/" + victim.facts().get("vm_cid"));
      boolean replaced =
          Poll.within(Duration.ofSeconds(15))
              .every(Duration.ofMillis(100))
              .until(
                  () ->
                      fleet.instances().stream()
                          .anyMatch(
                              i ->
                                  i.id().equals(victim.id())
                                      && i.state() == InstanceState.RUNNING
                                      && !i.identity().equals(victim.identity())));
      assertThat(replaced).as("recreated by the resurrector, on a new VM").isTrue();
      assertThat(director.taskDescriptions()).contains("scan and fix: done");
      assertThat(fleet.awaitHealthy(3, Duration.ofSeconds(5))).isNotNull();
    }
  }

  @Test
  void should_stop_start_and_restart_an_instance_through_awaited_state_change_tasks() {
    try (Fleet fleet = open(settings(), false)) {
      Instance instance = fleet.instances().get(0);
      String uuid = instance.id().substring("api/".length());

      fleet.stop(instance);
      assertThat(state(fleet, instance)).isEqualTo(InstanceState.STOPPED);
      fleet.start(instance);
      assertThat(state(fleet, instance)).isIn(InstanceState.STARTING, InstanceState.RUNNING);
      assertThat(fleet.awaitHealthy(3, Duration.ofSeconds(5))).isNotNull();
      fleet.reboot(instance);

      assertThat(director.mutating())
          .containsExactly(
              "PUT /deployments/donations/jobs/api/" + uuid + "?state=stopped",
              "PUT /deployments/donations/jobs/api/" + uuid + "?state=started",
              "PUT /deployments/donations/jobs/api/" + uuid + "?state=restart");
      // The stand-in routes a state change only with text/yaml, as the director does: each was a
      // task that ran, and the VM is the same one throughout.
      assertThat(director.taskDescriptions())
          .filteredOn(d -> d.startsWith("create deployment"))
          .containsOnly("create deployment: done")
          .hasSize(3);
      assertThat(fleet.instances().get(0).facts().get("vm_cid"))
          .isEqualTo(instance.facts().get("vm_cid"));
    }
  }

  private static InstanceState state(Fleet fleet, Instance instance) {
    return fleet.instances().stream()
        .filter(i -> i.id().equals(instance.id()))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Test
  void should_quote_a_failed_task_with_its_own_result_text() {
    try (Fleet fleet = open(settings(), false)) {
      Instance instance = fleet.instances().get(2);
      director.failNextChange =
          "Action Failed get_task: Task 7d2e... result: 1 of 2 pre-stop scripts failed. Failed"
              + " Jobs: donations-api.";

      assertThatThrownBy(() -> fleet.stop(instance))
          .isInstanceOf(FleetException.class)
          .hasMessageMatching(
              "cloud 'bosh-eu': the director's task \\d+ \\(stop of bosh-eu/api/\\S+\\) ended"
                  + " error: Action Failed get_task: Task 7d2e\\.\\.\\. result: 1 of 2 pre-stop"
                  + " scripts failed\\. Failed Jobs: donations-api\\. \\(bosh task \\d+ --debug"
                  + " shows why\\)");
    }
  }

  @Test
  void should_take_a_state_change_again_once_another_task_lets_go_of_the_deployments_lock()
      throws Exception {
    director.lockTimeout = Duration.ofMillis(300);
    director.jobStop = Duration.ofMillis(1500);
    try (Fleet fleet = open(settings(), false)) {
      Instance first = fleet.instances().get(0);
      Instance second = fleet.instances().get(1);
      Thread stopping = new Thread(() -> fleet.stop(first));
      stopping.start();
      Thread.sleep(400); // the first stop holds the lock

      fleet.stop(second);

      stopping.join();
      assertThat(director.taskDescriptions())
          .contains("create deployment: error")
          .filteredOn(d -> d.equals("create deployment: done"))
          .hasSize(2);
      assertThat(state(fleet, second)).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void should_refuse_a_kill_the_resurrector_would_not_undo_saying_why() {
    try (Fleet fleet = open(settings(), false)) {
      Instance instance = fleet.instances().get(0);
      assertThat(fleet.replacesKilled(instance)).isTrue();

      director.resurrectionPaused = true;
      assertThatThrownBy(() -> freshFleet().replacesKilled(instance))
          .hasMessage(
              "cloud 'bosh-eu': the director's resurrector is paused for all deployments (bosh"
                  + " update-resurrection off), so a deleted VM would stay dead; turn it on, or"
                  + " take instances away with 'is stopped' or 'rolls out a new revision' (a"
                  + " recreate) instead");

      director.resurrectionPaused = false;
      director.resurrectionConfig =
          """
          rules:
          - enabled: false
            include:
              deployments: [donations]
              instance_groups: [api]
          """;
      assertThatThrownBy(() -> freshFleet().replacesKilled(instance))
          .hasMessageStartingWith(
              "cloud 'bosh-eu': resurrection config 'keep-dead' turns the resurrector off for"
                  + " instance group api of deployment donations");

      director.resurrectionConfig = null;
      director.ignore("donations", 0);
      Fleet fresh = freshFleet();
      Instance ignored = fresh.instances().get(0);
      assertThatThrownBy(() -> fresh.replacesKilled(ignored))
          .hasMessageContaining("is ignored (bosh ignore)");
    }
    assertThat(director.mutating()).isEmpty();
  }

  private final List<Fleet> opened = new ArrayList<>();

  /** A fleet that has not yet looked: what it is told is read anew. */
  private Fleet freshFleet() {
    Fleet fleet = open(settings(), false);
    opened.add(fleet);
    return fleet;
  }

  @Test
  void should_refuse_a_kill_that_would_put_the_deployment_in_the_resurrectors_meltdown() {
    director.deployment("big", "router", 5);
    try (Fleet fleet =
        open(settings("big", null, BoshDirector.CLIENT, BoshDirector.SECRET), false)) {
      List<Instance> all = fleet.instances();

      assertThatThrownBy(() -> fleet.killAll(all))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'bosh-eu': deleting these 5 VMs would have 5 of the 5 instances of"
                  + " deployment big down within 10 minutes, which the resurrector takes for a"
                  + " meltdown, and it would recreate none (bosh-monitor: 5 and 20%); kill fewer,"
                  + " or stop them instead (Given every instance in cloud \"bosh-eu\" is stopped),"
                  + " which the run undoes itself. Nothing was deleted.");
      assertThat(director.mutating()).isEmpty();

      // Four are fine; the fifth, within the ten minutes, is not.
      fleet.killAll(all.subList(0, 4));
      assertThatThrownBy(() -> fleet.kill(all.get(4)))
          .hasMessageStartingWith(
              "cloud 'bosh-eu': deleting this VM would have 5 of the 5 instances of deployment big");
      assertThat(director.mutating()).hasSize(4);
    }
    // A share: 5 of a deployment of 30 is under 20%, and the monitor resurrects them.
    director.deployment("bigger", "cell", 30);
    try (Fleet fleet =
        open(settings("bigger", null, BoshDirector.CLIENT, BoshDirector.SECRET), false)) {
      fleet.killAll(fleet.instances().subList(0, 5));
      assertThatThrownBy(() -> fleet.kill(fleet.instances().get(5)))
          .hasMessageStartingWith(
              "cloud 'bosh-eu': deleting this VM would have 6 of the 30 instances of deployment"
                  + " bigger");
    }
  }

  @Test
  void should_renew_an_expired_token_and_go_on() {
    try (Fleet fleet = open(settings(), false)) {
      fleet.instances();
      int before = director.issued.size();
      director.expireTokens();
      Poll.within(Duration.ofMillis(200)).every(Duration.ofMillis(50)).until(() -> false);

      assertThat(fleet.instances()).hasSize(3);
      assertThat(director.issued).hasSize(before + 1);
      assertThat(director.requests).anyMatch(r -> r.startsWith("POST /uaa/oauth/token"));
    }
  }

  @Test
  void should_name_the_scopes_a_client_lacks_with_the_directors_own_error() {
    try (Fleet team =
        open(settings("donations", null, BoshDirector.TEAM_ADMIN, BoshDirector.SECRET), false)) {
      Instance instance = team.instances().get(0);
      team.stop(instance); // a team's admin may change its deployment's instances ...
      team.start(instance);

      // ... but deleting a VM takes the director's admin (scoping.rb's default scope)
      assertThatThrownBy(() -> team.kill(instance))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'bosh-eu': DELETE /vms/"
                  + instance.facts().get("vm_cid")
                  + " answered 401 Require one of the scopes: bosh.admin, bosh."
                  + BoshDirector.UUID_OF_DIRECTOR
                  + ".admin (code 600000); the client needs bosh.admin or bosh.<director"
                  + " uuid>.admin (director-wide: a team's admin scope may stop and start its"
                  + " instances but not delete VMs)");
    }
    try (Fleet reader =
        open(settings("donations", null, BoshDirector.READER, BoshDirector.SECRET), false)) {
      Instance instance = reader.instances().get(0);
      assertThatThrownBy(() -> reader.stop(instance))
          .hasMessageContaining(
              "answered 401 Require one of the scopes: bosh.admin, bosh."
                  + BoshDirector.UUID_OF_DIRECTOR
                  + ".admin, bosh.teams.donations.admin (code 600000); the client needs bosh.admin");
    }
    assertThat(director.mutating()).filteredOn(r -> r.startsWith("DELETE")).hasSize(1);
  }

  @Test
  void should_say_uaa_refused_the_client_and_never_the_secret() {
    assertThatThrownBy(
            () ->
                open(settings("donations", null, BoshDirector.CLIENT, "wrong-s3cret"), false)
                    .instances())
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'bosh-eu': UAA at 127.0.0.1 refused to log in client shakedown: 401"
                + " invalid_client (Bad credentials); check the clientId and clientSecret in the"
                + " config")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-s3cret"));
  }

  @Test
  void should_name_a_deployment_or_group_that_is_not_there_with_the_closest() {
    assertThatThrownBy(
            () -> open(settings("donation", null, BoshDirector.CLIENT, BoshDirector.SECRET), false))
        .hasMessage(
            "cloud 'bosh-eu': the director has no deployment 'donation' that client shakedown can"
                + " see; did you mean 'donations'?; there are: donations (deployment:)");
    assertThatThrownBy(
            () ->
                open(
                    settings("donations", "apii", BoshDirector.CLIENT, BoshDirector.SECRET), false))
        .hasMessage(
            "cloud 'bosh-eu': deployment donations has no instance group 'apii'; did you mean"
                + " 'api'?; its groups: api (instanceGroup:)");
  }

  @Test
  void should_recreate_within_the_blast_radius_and_report_a_failed_canary_in_its_words() {
    try (Fleet fleet = open(settings(), false)) {
      List<String> before = fleet.instances().stream().map(Instance::identity).toList();

      String said = fleet.rollOut(Duration.ofSeconds(30), 2, () -> {});

      assertThat(said)
          .matches(
              "BOSH recreate of the deployment donations \\(tasks \\d+, one canary, then 2 at a"
                  + " time\\): done, every instance on a new VM and running, in .*");
      assertThat(director.mutating())
          .containsExactly(
              "PUT /deployments/donations/jobs/api?state=recreate&canaries=1&max_in_flight=2");
      // One canary, then the other two together: never more than the two allowed.
      assertThat(director.mostDownAtOnce.get("donations")).isEqualTo(2);
      assertThat(fleet.instances())
          .allMatch(i -> i.state() == InstanceState.RUNNING)
          .noneMatch(i -> before.contains(i.identity()));

      director.canaryFails = true;
      assertThatThrownBy(() -> fleet.rollOut(Duration.ofSeconds(30), 1, () -> {}))
          .isInstanceOf(FleetException.class)
          .hasMessageMatching(
              "cloud 'bosh-eu': the director's task \\d+ \\(recreate of instance group api of"
                  + " deployment donations\\) ended error: 'api/\\S+ \\(0\\)' is not running"
                  + " after update\\. Review logs for failed jobs: donations-api \\(bosh task \\d+"
                  + " --debug shows why\\)");
    }
  }

  @Test
  void should_stop_waiting_on_a_halt_and_leave_the_recreate_under_way_to_finish() {
    director.vmCreate = Duration.ofMillis(800);
    try (Fleet fleet = open(settings(), false)) {
      int[] looks = {0};
      assertThatThrownBy(
              () ->
                  fleet.rollOut(
                      Duration.ofSeconds(30),
                      1,
                      () -> {
                        if (++looks[0] > 2) {
                          throw new IllegalStateException("halted: error rate 12% over 5%");
                        }
                      }))
          .hasMessage("halted: error rate 12% over 5%");

      // Not cancelled: a cancel would abort an instance mid-update, its jobs never applied.
      assertThat(director.mutating()).noneMatch(r -> r.startsWith("DELETE /task/"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> director.taskDescriptions().contains("create deployment: done"));
      awaitAllRunning();
    }
  }

  @Test
  void should_refuse_a_rollout_that_would_start_an_instance_an_operator_stopped() {
    try (Fleet fleet = open(settings(), false)) {
      Instance stopped = fleet.instances().get(1);
      fleet.stop(stopped);

      assertThatThrownBy(() -> open(settings(), false).rollOut(Duration.ofSeconds(30), 1, () -> {}))
          .hasMessage(
              "cloud 'bosh-eu': a recreate would start or pass over "
                  + stopped.id()
                  + " (stopped), which an operator holds so; start or unignore them first, or"
                  + " select an instance group without them (instanceGroup:)");
      assertThat(director.mutating()).noneMatch(r -> r.contains("state=recreate"));
    }
  }

  @Test
  void should_hold_the_projects_failover_feature_on_two_bosh_deployments() throws Exception {
    director.deployment("donations-a", "api", 2).deployment("donations-b", "api", 2);
    // The health monitor takes 11 s to have a VM recreated: cloud-a stays down through the
    // feature's 10 s window, and "all requests are served by cloud-b" judges that.
    director.resurrectAfter = Duration.ofSeconds(11);
    URI balancer = director.balancer(Map.of("donations-a", "cloud-a", "donations-b", "cloud-b"));
    Workspace workspace = new Workspace(dir);

    CommandLineRun run =
        run(
            workspace,
            project("failover/failover"),
            balancer.toString(),
            cloud("cloud-a", "donations-a", 2) + cloud("cloud-b", "donations-b", 2),
            ProjectFailover.withShareOfEveryCloud());

    assertFailoverHeld(run);
    String written = run.all() + workspace.everythingWritten();
    assertThat(written).doesNotContain(BoshDirector.SECRET);
    assertThat(director.issued).isNotEmpty().allSatisfy(t -> assertThat(written).doesNotContain(t));
    // One VM, then both of cloud-a; cloud-b's two stopped and started in turn; then one of each.
    List<String> mutating = director.mutating();
    assertThat(mutating).filteredOn(r -> r.startsWith("DELETE /vms/")).hasSize(1 + 2 + 2);
    assertThat(mutating).filteredOn(r -> r.endsWith("?state=stopped")).hasSize(2);
    assertThat(mutating).filteredOn(r -> r.endsWith("?state=started")).hasSize(2);
    assertThat(director.states("donations-a")).allMatch(s -> s.startsWith("started/running/"));
    assertThat(director.states("donations-b")).allMatch(s -> s.startsWith("started/running/"));
  }

  @Test
  void should_hold_the_projects_rollout_feature_through_a_recreate() throws Exception {
    director.deployment("donations-a", "api", 2).deployment("donations-b", "api", 2);
    URI balancer = director.balancer(Map.of("donations-a", "cloud-a", "donations-b", "cloud-b"));
    Workspace workspace = new Workspace(dir);

    CommandLineRun run =
        run(
            workspace,
            project("rollout/rollout"),
            balancer.toString(),
            cloud("cloud-a", "donations-a", 1) + cloud("cloud-b", "donations-b", 1));

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(workspace.everythingWritten())
        .containsPattern(
            "rolled out a new revision in cloud cloud-b: BOSH recreate of the deployment"
                + " donations-b \\(tasks \\d+, one canary, then 1 at a time\\): done");
    assertThat(director.mutating())
        .containsExactly(
            "PUT /deployments/donations-b/jobs/api?state=recreate&canaries=1&max_in_flight=1");
  }

  @Test
  void should_plan_a_dry_run_without_a_mutating_request_and_refuse_over_the_blast_radius() {
    director.deployment("donations-a", "api", 2).deployment("donations-b", "api", 2);
    Workspace workspace = new Workspace(dir);
    String clouds = cloud("cloud-a", "donations-a", 3) + cloud("cloud-b", "donations-b", 3);

    CommandLineRun dryRun =
        run(workspace, project("failover/failover"), "http://127.0.0.1:9", clouds, "--dry-run");
    CommandLineRun rollout =
        run(workspace, project("rollout/rollout"), "http://127.0.0.1:9", clouds, "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
    assertThat(dryRun.out()).contains("would kill cloud-a/api/");
    assertThat(rollout.exitCode()).as(rollout.all()).isZero();
    assertThat(director.mutating()).isEmpty();

    Path feature =
        workspace.write(
            "features/two.feature",
            """
            Feature: Two
              Scenario: Two at once
                When 2 instances in cloud "cloud-a" are killed
            """);
    CommandLineRun refused =
        run(
            workspace,
            feature.toString(),
            "http://127.0.0.1:9",
            cloud("cloud-a", "donations-a", 1),
            "--dry-run");

    assertThat(refused.all())
        .contains(
            "refused: this would take 2 instances of cloud 'cloud-a' down at once, over its blast"
                + " radius safety.maxInstancesDown = 1");
    assertThat(director.mutating()).isEmpty();
  }

  @Test
  void should_hold_the_failover_feature_on_a_bosh_cloud_beside_an_aws_one() throws Exception {
    director.deployment("donations-a", "api", 2);
    director.resurrectAfter = Duration.ofSeconds(11);
    try (AwsTestGroups aws = AwsTestGroups.start("donations-b")) {
      // The balancer sees cloud-a's instances as they are; the stubbed group always serves.
      URI balancer = director.balancer(Map.of("donations-a", "cloud-a"), "cloud-b");
      Workspace workspace = new Workspace(dir);
      String awsCloud =
          """
            cloud-b:
              provider: aws
              region: eu-west-2
              autoScalingGroup: donations-b
              endpoint: %s
              accessKeyId: AKIAIOSFODNN7EXAMPLE
              secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
              pollInterval: 100ms
              safety: { maxInstancesDown: 2 }
          """
              .formatted(aws.baseUrl());

      CommandLineRun run =
          run(
              workspace,
              project("failover/failover"),
              balancer.toString(),
              cloud("cloud-a", "donations-a", 2) + awsCloud,
              ProjectFailover.withShareOfEveryCloud());

      assertFailoverHeld(run);
      assertThat(aws.terminations()).isPositive();
      assertThat(director.mutating())
          .filteredOn(r -> r.startsWith("DELETE /vms/"))
          .hasSize(1 + 2 + 1);
    }
  }

  @Test
  void should_start_an_instance_again_when_interrupted_during_its_stop() throws Exception {
    director.jobStop = Duration.ofSeconds(3);
    Workspace workspace = new Workspace(dir);
    ShakedownProcess run = stopEveryInstanceInBackground(workspace);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> director.taskDescriptions().contains("create deployment: processing"));

    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();

    assertThat(run.await(90)).as(run.out() + run.err()).isEqualTo(130);
    // Each stop asked for is undone by a start of the same instance, after it.
    List<String> mutating = director.mutating();
    List<String> stopped =
        mutating.stream()
            .filter(r -> r.endsWith("?state=stopped"))
            .map(r -> r.replace("?state=stopped", ""))
            .toList();
    assertThat(stopped).isNotEmpty();
    for (String instance : stopped) {
      assertThat(mutating.indexOf(instance + "?state=started"))
          .as(instance + " started again after its stop")
          .isGreaterThan(mutating.indexOf(instance + "?state=stopped"));
    }
    awaitAllRunning();
  }

  @Test
  void should_leave_a_stop_still_under_way_to_a_later_sweep_and_start_the_instance_then()
      throws Exception {
    director.jobStop = Duration.ofSeconds(20); // a drain longer than a sweep waits
    Workspace workspace = new Workspace(dir);
    ShakedownProcess run = stopEveryInstanceInBackground(workspace);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> director.taskDescriptions().contains("create deployment: processing"));

    run.process().destroyForcibly(); // SIGKILL: nothing of the run gets to revert
    run.process().waitFor();
    CommandLineRun early = sweep(workspace);

    // Still listed running, as the director shows an instance whose stop has not landed: judged
    // now, the entry would be closed as "it runs already", and the instance stopped for good.
    assertThat(early.exitCode()).as(early.all()).isEqualTo(1);
    assertThat(early.out())
        .containsPattern(
            "the director still has task \\d+ \\(create deployment, processing\\) under way;"
                + " sweep again once it has ended");
    assertThat(director.mutating()).noneMatch(r -> r.endsWith("?state=started"));

    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                director.taskDescriptions().stream()
                    .noneMatch(t -> t.endsWith(": processing") || t.endsWith(": queued")));
    CommandLineRun later = sweep(workspace);

    assertThat(later.exitCode()).as(later.all()).isZero();
    assertThat(later.out())
        .containsPattern("swept: run \\S+: stopped bosh-eu/api/\\S+: started again: running");
    awaitAllRunning();
  }

  private CommandLineRun sweep(Workspace workspace) {
    return workspace.run(
        "sweep",
        "--clouds",
        workspace.root().resolve("bosh.yaml").toString(),
        "--reports",
        workspace.reports().toString());
  }

  private void awaitAllRunning() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                director.states("donations").stream()
                    .allMatch(s -> s.startsWith("started/running/")));
  }

  /** {@code shakedown run} of a feature that stops every instance, as a child process. */
  private ShakedownProcess stopEveryInstanceInBackground(Workspace workspace) {
    Path feature =
        workspace.write(
            "features/stop.feature",
            """
            Feature: Stop
              Scenario: Every instance stopped
                Given every instance in cloud "bosh-eu" is stopped
                Then the deployment keeps serving for 60 seconds with at least 0% success
            """);
    Path config =
        workspace.write(
            "bosh.yaml",
            """
            deployment:
              endpoint: http://127.0.0.1:9
              probe: { path: /health, interval: 100ms, sample: 1s }
            clouds:
            """
                + cloud("bosh-eu", "donations", 3));
    return ShakedownProcess.start(
        Path.of("").toAbsolutePath(),
        dir.resolve("logs"),
        "run",
        feature.toString(),
        "--clouds",
        config.toString(),
        "--reports",
        workspace.reports().toString());
  }

  /** Every scenario of the project's failover feature passed. */
  private static void assertFailoverHeld(CommandLineRun run) {
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("PASS  Losing one instance")
        .contains("PASS  Losing a whole cloud")
        .contains("PASS  A rolling restart of a cloud")
        .contains("PASS  Losing a share of every cloud at once");
  }

  /** One of the project's own features, unchanged: {@code failover/failover}. */
  private static String project(String feature) {
    return Path.of("features", feature + ".feature").toAbsolutePath().toString();
  }

  private String cloud(String name, String deployment, int maxDown) {
    return """
          %s:
            provider: bosh
            director: %s
            deployment: %s
            clientId: %s
            clientSecret: %s
            pollInterval: 100ms
            safety: { maxInstancesDown: %d }
        """
        .formatted(
            name,
            director.baseUrl(),
            deployment,
            BoshDirector.CLIENT,
            BoshDirector.SECRET,
            maxDown);
  }

  /** {@code shakedown run FEATURE} on the clouds given, through the jar. */
  private CommandLineRun run(
      Workspace workspace, String feature, String deployment, String clouds, String... more) {

    Path config =
        workspace.write(
            "bosh.yaml",
            """
            deployment:
              endpoint: %s
              probe: { path: /health, interval: 100ms, sample: 1s }
            clouds:
            """
                    .formatted(deployment)
                + clouds);
    List<String> args = new ArrayList<>(List.of("run", feature, "--clouds", config.toString()));
    args.addAll(List.of(more));
    return workspace.run(args.toArray(String[]::new));
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(Fleet::close);
  }
}
