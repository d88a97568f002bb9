package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aws provider: the real SDK v2 clients against WireMock stubs of EC2, Auto Scaling, ELBv2. */
class AwsFleetIT {
  private static final String GROUP = "donations-eu";

  @TempDir Path dir;
  private WireMockServer server;
  private Ec2Stub stub;

  private final AutoScalingGroups groups = new AutoScalingGroups();

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(groups));
    server.start();
    stub = new Ec2Stub(server);
  }

  /** Every call answered by the groups model instead of fixed stubs. */
  private void groupsAnswer() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withTransformers(AutoScalingGroups.NAME)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private AwsSettings settings(Map<String, String> tags, String group) {
    return settings(tags, group, null, AwsSettings.KillMode.HARD);
  }

  private AwsSettings settings(
      Map<String, String> tags, String group, String targetGroup, AwsSettings.KillMode kill) {
    return new AwsSettings(
        "eu-west-2",
        tags,
        group,
        targetGroup,
        null,
        8080,
        null,
        null,
        new Secret("AKIAIOSFODNN7EXAMPLE"),
        new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        URI.create(server.baseUrl()),
        Duration.ofSeconds(20),
        Duration.ofMillis(50),
        Duration.ofSeconds(5),
        kill,
        null);
  }

  private Fleet open(AwsSettings settings, boolean dryRun) {
    return dev.shakedown.testing.TestFleets.open(
        new AwsProvider(), "aws-eu", settings, dir, dryRun);
  }

  @Test
  void should_select_by_tags_with_zones_addresses_and_tags_as_labels() {
    stub.reply(
        stub.action("DescribeInstances"),
        200,
        Ec2Stub.describeInstances(
            List.of(
                new Ec2Stub.Ec2Instance(
                    "i-0b", "eu-west-2b", "10.0.2.10", "running", "service", "donations"),
                new Ec2Stub.Ec2Instance(
                    "i-0a", "eu-west-2a", "10.0.1.10", "stopped", "service", "donations"))));
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      List<Instance> instances = fleet.instances();

      assertThat(instances).extracting(Instance::id).containsExactly("i-0a", "i-0b");
      assertThat(instances.get(0).zone()).isEqualTo("eu-west-2a");
      assertThat(instances.get(0).state()).isEqualTo(InstanceState.STOPPED);
      assertThat(instances.get(1).address()).isEqualTo(URI.create("http://10.0.2.10:8080"));
      assertThat(instances.get(1).labels())
          .containsEntry("service", "donations")
          .doesNotContainKey("instance-type");
      assertThat(instances.get(1).facts()).containsEntry("instance-type", "t3.micro");
    }
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeInstances"))
            .withRequestBody(containing("Filter.1.Name=tag%3Aservice&Filter.1.Value.1=donations"))
            .withRequestBody(containing("Filter.2.Name=instance-state-name")));
  }

  private static final String TARGETS =
      "arn:aws:elasticloadbalancing:eu-west-2:111122223333:targetgroup/donations/73e2d6bc24d8a067";

  /** The requests of one action, oldest first. */
  private List<LoggedRequest> requests(String action) {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")))
        .stream()
        .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
        .toList();
  }

  /** Every request as "Action param=value ...", in the order received. */
  private List<String> calls() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events); // WireMock keeps the newest first
    return events.stream()
        .map(e -> URLDecoder.decode(e.getRequest().getBodyAsString(), StandardCharsets.UTF_8))
        .map(body -> body.replace("Action=", "").replace('&', ' '))
        .toList();
  }

  private static int indexOf(List<String> calls, String prefix, String containing) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).startsWith(prefix) && calls.get(i).contains(containing)) {
        return i;
      }
    }
    throw new AssertionError("no call " + prefix + " with " + containing + " in " + calls);
  }

  private static Instance byId(Fleet fleet, String id) {
    return fleet.instances().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not listed"));
  }

  @Test
  void should_kill_hard_and_list_the_victim_shutting_down_until_the_group_replaces_it() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.shuttingDown = 1500;
    groups.detect = 200;
    groups.pending = 500;
    groups.inService = 300;
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of(), GROUP), false)) {
      fleet.kill(byId(fleet, "i-0a1"));

      // shutting-down is listed, as terminating: neither vanished nor running (nor a victim again)
      assertThat(byId(fleet, "i-0a1").state()).isEqualTo(InstanceState.TERMINATING);
      Duration took = fleet.awaitHealthy(2, Duration.ofSeconds(20));

      assertThat(took).isGreaterThan(Duration.ofMillis(500));
      assertThat(fleet.instances())
          .filteredOn(i -> i.state() == InstanceState.RUNNING)
          .extracting(Instance::id)
          .hasSize(2)
          .doesNotContain("i-0a1")
          .contains("i-0a2");
      assertThat(fleet.howKilled())
          .isEqualTo("hard: EC2 TerminateInstances, and its Auto Scaling group replaces it");
    }
    assertThat(requests("TerminateInstances")).hasSize(1);
    assertThat(requests("TerminateInstances").get(0).getBodyAsString())
        .contains("InstanceId.1=i-0a1");
    assertThat(requests("TerminateInstanceInAutoScalingGroup")).isEmpty();
    // Listed by an instance-id filter: an id the group lists before EC2 knows it cannot fail it.
    assertThat(requests("DescribeInstances"))
        .allSatisfy(
            r ->
                assertThat(r.getBodyAsString())
                    .doesNotContain("InstanceId.1=")
                    .contains("Name=instance-id"));
  }

  @Test
  void should_drain_a_graceful_kill_in_the_group_without_lowering_its_capacity() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.drain = 1500;
    groupsAnswer();
    try (Fleet fleet =
        open(settings(Map.of(), GROUP, null, AwsSettings.KillMode.GRACEFUL), false)) {
      fleet.kill(byId(fleet, "i-0a1"));

      // Draining: still running in EC2, but terminating in its group, so not serving.
      assertThat(groups.state("i-0a1")).isEqualTo("running");
      assertThat(byId(fleet, "i-0a1").state()).isEqualTo(InstanceState.TERMINATING);
      assertThat(fleet.howKilled()).startsWith("graceful: TerminateInstanceInAutoScalingGroup");
      fleet.awaitHealthy(2, Duration.ofSeconds(20));
    }
    assertThat(requests("TerminateInstanceInAutoScalingGroup")).hasSize(1);
    assertThat(requests("TerminateInstanceInAutoScalingGroup").get(0).getBodyAsString())
        .contains("InstanceId=i-0a1")
        .contains("ShouldDecrementDesiredCapacity=false");
    assertThat(requests("TerminateInstances")).isEmpty();
  }

  @Test
  void should_stop_through_stopping_and_start_until_it_serves_again_with_the_group_held() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.stopping = 3000;
    groups.pending = 1000;
    groups.targetHealthy = 1500;
    groups.detect = 100;
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of(), GROUP, TARGETS, AwsSettings.KillMode.HARD), false)) {
      Instance instance = byId(fleet, "i-0a1");
      List<CloudChange> holding = fleet.toHoldStop(instance);
      assertThat(holding)
          .extracting(CloudChange::description)
          .containsExactly(
              "suspend HealthCheck and ReplaceUnhealthy of Auto Scaling group donations-eu while"
                  + " members are stopped (no member is health-checked meanwhile)");
      holding.forEach(fleet::apply);
      assertThat(groups.suspended(GROUP)).contains("HealthCheck", "ReplaceUnhealthy");

      long start = System.nanoTime();
      fleet.stop(instance);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("a stop ends when EC2 has it stopped, not while it is stopping")
          .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
      assertThat(groups.state("i-0a1")).isEqualTo("stopped");
      assertThat(byId(fleet, "i-0a1").state()).isEqualTo(InstanceState.STOPPED);

      fleet.start(instance);
      assertThat(groups.state("i-0a1")).isEqualTo("running");
      assertThat(groups.targetState("i-0a1"))
          .as("start returns once the instance serves, healthy in its target group")
          .isEqualTo("healthy");
      assertThat(byId(fleet, "i-0a1").state()).isEqualTo(InstanceState.RUNNING);

      holding.forEach(fleet::undo);
      assertThat(groups.suspended(GROUP)).isEmpty();
      assertThat(groups.members(GROUP)).as("nothing replaced").containsExactly("i-0a1", "i-0a2");
      fleet.reboot(instance);
    }
    assertThat(requests("StopInstances").get(0).getBodyAsString()).contains("InstanceId.1=i-0a1");
    assertThat(requests("StartInstances").get(0).getBodyAsString()).contains("InstanceId.1=i-0a1");
    assertThat(requests("RebootInstances").get(0).getBodyAsString()).contains("InstanceId.1=i-0a1");
    assertThat(requests("StartInstances"))
        .as("started once: only a stopped instance starts")
        .hasSize(1);
  }

  @Test
  void should_hold_a_stop_of_a_member_selected_by_tags_through_the_group_it_is_tagged_with() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      assertThat(fleet.toHoldStop(byId(fleet, "i-0a1")))
          .extracting(c -> c.details().get("group"))
          .containsExactly(GROUP);
    }
  }

  @Test
  void should_refuse_a_zone_outage_on_a_group_with_no_other_zone_before_touching_anything() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2a");
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of(), GROUP), false)) {
      assertThatThrownBy(() -> fleet.toHoldZoneOutage("eu-west-2a"))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'aws-eu': an outage of zone eu-west-2a cannot hold in Auto Scaling group"
                  + " donations-eu: all its subnets [subnet-donations-eu-eu-west-2a] are in"
                  + " eu-west-2a; refused before anything was touched");
    }
    assertThat(requests("UpdateAutoScalingGroup")).isEmpty();
    assertThat(requests("SuspendProcesses")).isEmpty();
  }

  @Test
  void should_retry_an_id_ec2_does_not_know_yet_and_list_it_once_it_does() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.notFoundFor = 1500;
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of(), GROUP), false)) {
      fleet.kill(byId(fleet, "i-0a1"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> groups.members(GROUP).stream().anyMatch(id -> !id.startsWith("i-0a")));
      String replacement =
          groups.members(GROUP).stream().filter(id -> !id.startsWith("i-0a")).findFirst().get();
      Instance known =
          new Instance(
              replacement,
              "aws-eu",
              "eu-west-2a",
              URI.create("http://10.0.9.1:8080"),
              InstanceState.RUNNING,
              Map.of(),
              Map.of());

      assertThat(fleet.instances()).extracting(Instance::id).doesNotContain(replacement);
      fleet.reboot(known); // NotFound at first: retried with backoff until EC2 knows the id

      assertThat(requests("RebootInstances")).hasSizeGreaterThan(1);
      fleet.awaitHealthy(2, Duration.ofSeconds(10));
      assertThat(fleet.instances()).extracting(Instance::id).contains(replacement);
    }
  }

  @Test
  void should_ride_out_a_burst_of_throttling() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groupsAnswer();
    groups.throttle(3);
    try (Fleet fleet = open(settings(Map.of(), GROUP), false)) {
      assertThat(fleet.instances()).hasSize(2);
    }
    assertThat(requests("DescribeAutoScalingGroups").size() + requests("DescribeInstances").size())
        .isGreaterThan(3 + 1);
  }

  @Test
  void should_name_the_permission_when_access_is_denied() {
    stub.reply(
        stub.action("DescribeInstances"),
        403,
        Ec2Stub.ec2Error(
            "UnauthorizedOperation", "You are not authorized to perform this operation."));
    assertThatThrownBy(() -> open(settings(Map.of("service", "donations"), null), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'aws-eu': AWS denied ec2:DescribeInstances (UnauthorizedOperation): allow the action ec2:DescribeInstances in the IAM policy of the credentials Shakedown runs with (README: the least-privilege policy)");
  }

  @Test
  void should_name_the_selector_when_no_instance_matches() {
    stub.reply(stub.action("DescribeInstances"), 200, Ec2Stub.describeInstances(List.of()));
    assertThatThrownBy(() -> open(settings(Map.of("service", "donatoins"), null), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'aws-eu': no EC2 instance matches tags {service=donatoins} (eu-west-2); check the tags and the group's name in the config, and the region");
  }

  @Test
  void should_retry_throttling_then_say_so() {
    stub.reply(
        stub.action("DescribeInstances"),
        503,
        Ec2Stub.ec2Error("RequestLimitExceeded", "Request limit exceeded."));
    assertThatThrownBy(() -> open(settings(Map.of("service", "donations"), null), false))
        .isInstanceOf(FleetException.class)
        .hasMessageStartingWith(
            "cloud 'aws-eu': AWS throttled ec2:DescribeInstances (RequestLimitExceeded) through every retry");
    assertThat(
            server.findAll(
                postRequestedFor(urlEqualTo("/"))
                    .withRequestBody(containing("Action=DescribeInstances"))))
        .as("the SDK retried before giving up")
        .hasSizeGreaterThan(1);
  }

  private Path config(Workspace workspace, String endpoint) {
    return config(workspace, endpoint, 1, "100ms");
  }

  private Path config(
      Workspace workspace, String endpoint, int maxDown, String pollInterval, String... more) {
    return workspace.write(
        "aws.yaml",
        """
        deployment:
          endpoint: %s
          probe: { path: /health, interval: 50ms, sample: 1s }
        clouds:
          aws-eu:
            provider: aws
            region: eu-west-2
            autoScalingGroup: donations-eu
            endpoint: %s
            accessKeyId: AKIAIOSFODNN7EXAMPLE
            secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            pollInterval: %s
            safety: { maxInstancesDown: %d }
        """
                .formatted(endpoint, server.baseUrl(), pollInterval, maxDown)
            + String.join("", Arrays.stream(more).map(line -> "    " + line + "\n").toList()));
  }

  private CommandLineRun run(Workspace workspace, String feature, Path config, String... more) {
    Path file = workspace.write("features/scenario.feature", feature);
    List<String> args =
        new ArrayList<>(List.of("run", file.toString(), "--clouds", config.toString()));
    args.addAll(List.of(more));
    return workspace.run(args.toArray(String[]::new));
  }

  @Test
  void should_run_the_failover_vocabulary_end_to_end_while_the_group_replaces_what_dies() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.shuttingDown = 300;
    groups.pending = 300;
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      CommandLineRun run =
          run(
              workspace,
              """
              Feature: Failover on AWS
                Scenario: Losing one instance
                  Given the deployment is serving
                  When 1 instance in cloud "aws-eu" is killed
                  Then the deployment keeps serving for 1 second with at least 99% success
                  And the killed instance is replaced within 20 seconds
              """,
              config(workspace, endpoint.uri().toString()));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.read(workspace.latestRun().resolve("junit.xml")))
          .contains("Losing one instance");
      assertThat(workspace.everythingWritten())
          .contains(
              "killing aws-eu/i-0a1 (zone eu-west-2a): hard: EC2 TerminateInstances, and its Auto"
                  + " Scaling group replaces it")
          .contains("cloud aws-eu replaced aws-eu/i-0a1")
          .doesNotContain("wJalrXUtnFEMI");
    }
  }

  @Test
  void should_restart_a_group_one_at_a_time_through_a_three_second_stopping_phase() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.stopping = 3000;
    groups.pending = 500;
    groups.targetHealthy = 500;
    groups.detect = 100;
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      CommandLineRun run =
          run(
              workspace,
              """
              Feature: Rolling restart
                Scenario: A rolling restart of a cloud
                  Given the deployment is serving
                  When the instances in cloud "aws-eu" are restarted one at a time
                  Then the deployment keeps serving throughout with at least 99.9% success
              """,
              config(
                  workspace, endpoint.uri().toString(), 1, "100ms", "targetGroupArn: " + TARGETS));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .containsPattern("restarted aws-eu/i-0a1 in [3-9]\\.\\d s")
          .containsPattern("restarted aws-eu/i-0a2 in [3-9]\\.\\d s");
    }
    assertThat(groups.maxNotServing(GROUP))
        .as("never two down at once: each started instance served before the next one stopped")
        .isEqualTo(1);
    assertThat(groups.members(GROUP)).as("nothing replaced").containsExactly("i-0a1", "i-0a2");
    List<String> calls = calls();
    assertThat(indexOf(calls, "SuspendProcesses", "HealthCheck"))
        .isLessThan(indexOf(calls, "StopInstances", "i-0a1"));
    assertThat(indexOf(calls, "ResumeProcesses", "HealthCheck"))
        .isGreaterThan(indexOf(calls, "StartInstances", "i-0a1"));
    assertThat(requests("StartInstances")).hasSize(2);
    assertThat(groups.suspended(GROUP)).isEmpty();
  }

  @Test
  void should_hold_stopped_group_members_unreplaced_and_serve_again_after_the_scenario() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.stopping = 500;
    groups.detect = 200; // without the suspension, the group would replace a stopped member
    groups.targetHealthy = 300;
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      CommandLineRun run =
          run(
              workspace,
              """
              Feature: Stop
                Scenario: Both stopped for a while
                  Given the deployment is serving
                  And every instance in cloud "aws-eu" is stopped
                  Then the deployment keeps serving for 3 seconds with at least 99% success
              """,
              config(
                  workspace, endpoint.uri().toString(), 2, "100ms", "targetGroupArn: " + TARGETS));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .contains(
              "then suspend HealthCheck and ReplaceUnhealthy of Auto Scaling group donations-eu")
          .contains("resumed HealthCheck and ReplaceUnhealthy of group donations-eu");
    }
    List<String> calls = calls();
    int suspended = indexOf(calls, "SuspendProcesses", "ScalingProcesses.member.1=HealthCheck");
    assertThat(calls.get(suspended)).contains("ScalingProcesses.member.2=ReplaceUnhealthy");
    assertThat(suspended).isLessThan(indexOf(calls, "StopInstances", "i-0a1"));
    assertThat(requests("SuspendProcesses")).as("one suspension held both stops").hasSize(1);
    int resumed = indexOf(calls, "ResumeProcesses", "HealthCheck");
    assertThat(resumed)
        .isGreaterThan(indexOf(calls, "StartInstances", "i-0a1"))
        .isGreaterThan(indexOf(calls, "StartInstances", "i-0a2"));
    assertThat(groups.members(GROUP)).as("nothing replaced").containsExactly("i-0a1", "i-0a2");
    assertThat(groups.state("i-0a1")).isEqualTo("running");
    assertThat(groups.targetState("i-0a1")).isEqualTo("healthy");
    assertThat(groups.targetState("i-0a2")).isEqualTo("healthy");
    assertThat(groups.suspended(GROUP)).isEmpty();
  }

  @Test
  void should_keep_the_group_out_of_a_failed_zone_until_the_scenario_ends() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.shuttingDown = 300;
    groups.pending = 300;
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      CommandLineRun run =
          run(
              workspace,
              """
              Feature: Zone
                Scenario: A zone fails
                  Given the deployment is serving
                  When availability zone "eu-west-2a" of cloud "aws-eu" fails
                  Then the killed instance is replaced within 20 seconds
                  And the deployment keeps serving for 2 seconds with at least 99% success
              """,
              config(workspace, endpoint.uri().toString()));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .contains(
              "take zone eu-west-2a out of Auto Scaling group donations-eu and suspend its"
                  + " AZRebalance for the outage")
          .contains("reverted: take zone eu-west-2a out of Auto Scaling group donations-eu");
    }
    // The replacement went to the zone still in the group, not straight back into the failed one.
    assertThat(groups.memberZones(GROUP)).containsExactly("eu-west-2b", "eu-west-2b");
    List<String> calls = calls();
    int out =
        indexOf(
            calls, "UpdateAutoScalingGroup", "VPCZoneIdentifier=subnet-donations-eu-eu-west-2b");
    int back =
        indexOf(
            calls,
            "UpdateAutoScalingGroup",
            "VPCZoneIdentifier=subnet-donations-eu-eu-west-2a,subnet-donations-eu-eu-west-2b");
    assertThat(indexOf(calls, "SuspendProcesses", "AZRebalance")).isLessThan(out);
    assertThat(out).isLessThan(indexOf(calls, "TerminateInstances", "i-0a1"));
    assertThat(back).isGreaterThan(indexOf(calls, "TerminateInstances", "i-0a1"));
    assertThat(indexOf(calls, "ResumeProcesses", "AZRebalance")).isGreaterThan(back);
    assertThat(groups.subnets(GROUP))
        .containsExactly("subnet-donations-eu-eu-west-2a", "subnet-donations-eu-eu-west-2b");
    assertThat(groups.suspended(GROUP)).isEmpty();
  }

  @Test
  void should_plan_a_zone_outage_in_a_dry_run_without_a_mutating_request() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    CommandLineRun run =
        run(
            workspace,
            """
            Feature: Zone
              Scenario: A zone fails
                When availability zone "eu-west-2a" of cloud "aws-eu" fails
                Then the killed instance is replaced within 20 seconds
            """,
            config(workspace, "http://127.0.0.1:9"),
            "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains(
            "would first take zone eu-west-2a out of Auto Scaling group donations-eu and suspend"
                + " its AZRebalance for the outage")
        .contains("would kill aws-eu/i-0a1 (zone eu-west-2a)")
        .doesNotContain("i-0a2 (zone");
    for (String mutating :
        List.of(
            "TerminateInstanceInAutoScalingGroup",
            "TerminateInstances",
            "StopInstances",
            "StartInstances",
            "RebootInstances",
            "SuspendProcesses",
            "ResumeProcesses",
            "UpdateAutoScalingGroup")) {
      assertThat(requests(mutating)).as(mutating).isEmpty();
    }
  }

  @Test
  void should_poll_each_api_at_most_once_per_interval_through_a_minute_long_replacement() {
    groups.group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
    groups.shuttingDown = 2000;
    groups.detect = 1000;
    groups.pending = 50_000; // launch and boot
    groups.targetHealthy = 5000; // then its target's health checks
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      CommandLineRun run =
          run(
              workspace,
              """
              Feature: Replacement
                Scenario: Losing one instance
                  Given the deployment is serving
                  When 1 instance in cloud "aws-eu" is killed
                  Then the killed instance is replaced within 90 seconds
              """,
              config(workspace, endpoint.uri().toString(), 1, "1s", "targetGroupArn: " + TARGETS));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .containsPattern("cloud aws-eu replaced aws-eu/i-0a1 in (5\\d|6\\d)\\.\\d s");
    }
    long killed = requests("TerminateInstances").get(0).getLoggedDate().getTime();
    List<LoggedRequest> all =
        server.findAll(postRequestedFor(urlEqualTo("/"))).stream()
            .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
            .toList();
    long last = all.get(all.size() - 1).getLoggedDate().getTime();
    double seconds = (last - killed) / 1000.0;
    assertThat(seconds).isGreaterThan(55);
    for (String api :
        List.of("DescribeAutoScalingGroups", "DescribeInstances", "DescribeTargetHealth")) {
      long calls = requests(api).stream().filter(r -> r.getLoggedDate().getTime() > killed).count();
      // At most one per second, and one more for each change that makes the next look fresh.
      assertThat(calls).as(api + " calls in " + seconds + " s").isBetween(1L, (long) seconds + 3);
    }
    // The group and the instances are watched throughout (the target group once enough run).
    assertThat(
            requests("DescribeInstances").stream()
                .filter(r -> r.getLoggedDate().getTime() > killed)
                .count())
        .isGreaterThan((long) (seconds / 2));
  }

  @Test
  void should_hold_the_projects_failover_feature_on_two_stubbed_groups() {
    groups
        .group("donations-a", "i-0a", "eu-west-2a", "eu-west-2b")
        .group("donations-b", "i-0b", "eu-west-2a", "eu-west-2b");
    groupsAnswer();
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.servedBy("cloud-b")) {
      String cloud =
          """
            %s:
              provider: aws
              region: eu-west-2
              autoScalingGroup: %s
              endpoint: %s
              accessKeyId: AKIAIOSFODNN7EXAMPLE
              secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
              pollInterval: 100ms
              safety: { maxInstancesDown: 2 }
          """;
      Path config =
          workspace.write(
              "aws.yaml",
              """
              deployment:
                endpoint: %s
                probe: { path: /health, interval: 100ms, sample: 1s }
              clouds:
              """
                      .formatted(endpoint.uri())
                  + cloud.formatted("cloud-a", "donations-a", server.baseUrl())
                  + cloud.formatted("cloud-b", "donations-b", server.baseUrl()));

      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "run",
                  Path.of("features/failover/failover.feature").toAbsolutePath().toString(),
                  "--clouds",
                  config.toString()));
      args.addAll(List.of(dev.shakedown.testing.ProjectFailover.withShareOfEveryCloud()));
      CommandLineRun run = workspace.run(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("PASS  Losing one instance")
          .contains("PASS  Losing a whole cloud")
          .contains("PASS  A rolling restart of a cloud")
          .contains("PASS  Losing a share of every cloud at once");
    }
    // One, then both of cloud-a, then half of each cloud: five hard terminations.
    assertThat(requests("TerminateInstances")).hasSize(5);
    assertThat(requests("TerminateInstanceInAutoScalingGroup")).isEmpty();
    // The rolling restart of cloud-b: each stop held by suspending the group's health checks.
    assertThat(requests("StopInstances")).hasSize(2);
    assertThat(requests("SuspendProcesses")).hasSize(2);
    assertThat(requests("ResumeProcesses")).hasSize(2);
  }
}
