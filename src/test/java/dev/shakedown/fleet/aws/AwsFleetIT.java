package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.CloudSettings;
import dev.shakedown.config.ProbeSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
    return new AwsSettings(
        "eu-west-2",
        tags,
        group,
        null,
        null,
        8080,
        null,
        null,
        new Secret("AKIAIOSFODNN7EXAMPLE"),
        new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        URI.create(server.baseUrl()),
        Duration.ofSeconds(20),
        Duration.ofMillis(50),
        Duration.ofSeconds(5));
  }

  private Fleet open(AwsSettings settings, boolean dryRun) {
    Cloud cloud =
        new Cloud(
            "aws-eu",
            new CloudSettings(
                "aws", null, ProbeSettings.DEFAULTS, null, null, null, null, settings),
            "aws.yaml",
            1);
    return new AwsProvider().open(cloud, new FleetContext(dir, new Redactor(), dryRun));
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

  @Test
  void should_terminate_in_the_group_without_lowering_its_capacity_and_await_the_replacement() {
    stub.groupThatReplaces(GROUP);
    try (Fleet fleet = open(settings(Map.of(), GROUP), false)) {
      List<Instance> before = fleet.instances();
      assertThat(before).extracting(Instance::id).containsExactly("i-0a", "i-0b");
      server.verify(
          postRequestedFor(urlEqualTo("/"))
              .withRequestBody(containing("Action=DescribeInstances"))
              .withRequestBody(containing("InstanceId.1=i-0a&InstanceId.2=i-0b")));

      fleet.kill(before.get(0));
      Duration took = fleet.awaitHealthy(2, Duration.ofSeconds(10));

      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(fleet.instances()).extracting(Instance::id).containsExactly("i-0b", "i-0c");
    }
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=TerminateInstanceInAutoScalingGroup"))
            .withRequestBody(containing("InstanceId=i-0a"))
            .withRequestBody(containing("ShouldDecrementDesiredCapacity=false")));
  }

  @Test
  void should_stop_and_start_through_ec2_waiting_for_each_state() {
    groups.group("unused", "i-0a", "eu-west-2a");
    groupsAnswer();
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      Instance instance = fleet.instances().get(0);
      fleet.stop(instance);
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.STOPPED);
      fleet.start(instance);
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
      fleet.reboot(instance);
    }
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                containing("Action=RebootInstances&Version=2016-11-15&InstanceId.1=i-0a1")));
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                containing("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-0a")));
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                containing("Action=StartInstances&Version=2016-11-15&InstanceId.1=i-0a")));
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
            pollInterval: 100ms
            safety: { maxInstancesDown: 1 }
        """
            .formatted(endpoint, server.baseUrl()));
  }

  @Test
  void should_run_the_failover_vocabulary_end_to_end_while_the_group_replaces_what_dies() {
    stub.groupThatReplaces(GROUP);
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/failover.feature",
              """
              Feature: Failover on AWS
                Scenario: Losing one instance
                  Given the deployment is serving
                  When 1 instance in cloud "aws-eu" is killed
                  Then the deployment keeps serving for 1 second with at least 99% success
                  And the killed instance is replaced within 20 seconds
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              config(workspace, endpoint.uri().toString()).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.read(workspace.latestRun().resolve("junit.xml")))
          .contains("Losing one instance");
      assertThat(workspace.everythingWritten())
          .contains("killing aws-eu/i-0a (zone eu-west-2a)")
          .contains("cloud aws-eu replaced aws-eu/i-0a")
          .doesNotContain("wJalrXUtnFEMI");
    }
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

      CommandLineRun run =
          workspace.run(
              "run",
              Path.of("features/failover/failover.feature").toAbsolutePath().toString(),
              "--clouds",
              config.toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("PASS  Losing one instance")
          .contains("PASS  Losing a whole cloud")
          .contains("PASS  A rolling restart of a cloud")
          .contains("PASS  Losing a share of every cloud at once");
    }
    // One, then both of cloud-a, then half of each cloud: five terminations, each in its group.
    server.verify(
        5,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=TerminateInstanceInAutoScalingGroup"))
            .withRequestBody(containing("ShouldDecrementDesiredCapacity=false")));
    server.verify(
        2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=StopInstances")));
  }

  @Test
  void should_plan_a_zone_outage_in_a_dry_run_without_a_mutating_request() {
    stub.groupThatReplaces(GROUP);
    Workspace workspace = new Workspace(dir);
    Path feature =
        workspace.write(
            "features/zone.feature",
            """
            Feature: Zone
              Scenario: A zone fails
                When availability zone "eu-west-2a" of cloud "aws-eu" fails
                Then the killed instance is replaced within 20 seconds
            """);
    CommandLineRun run =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            config(workspace, "http://127.0.0.1:9").toString(),
            "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("would kill aws-eu/i-0a (zone eu-west-2a)")
        .doesNotContain("i-0b (zone");
    for (String mutating :
        List.of(
            "TerminateInstanceInAutoScalingGroup",
            "TerminateInstances",
            "StopInstances",
            "StartInstances",
            "RebootInstances")) {
      server.verify(
          0,
          postRequestedFor(urlEqualTo("/"))
              .withRequestBody(containing("Action=" + mutating + "&")));
    }
  }

  @Test
  void should_kill_every_instance_of_a_zone_and_await_the_group() {
    stub.groupThatReplaces(GROUP);
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/zone.feature",
              """
              Feature: Zone
                Scenario: A zone fails
                  When availability zone "eu-west-2a" of cloud "aws-eu" fails
                  Then the killed instance is replaced within 20 seconds
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              config(workspace, endpoint.uri().toString()).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
    }
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=TerminateInstanceInAutoScalingGroup")));
  }
}
