package dev.shakedown.fleet.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.CloudSettings;
import dev.shakedown.config.ProbeSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.testing.ShakedownProcess;
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

/** The gcp provider: the real Compute client (HTTP/JSON) against a WireMock Compute Engine. */
class GcpFleetIT {
  @TempDir Path dir;
  private final ComputeEngine compute = new ComputeEngine();
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(compute));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(ComputeEngine.NAME)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private GcpSettings settings(Map<String, String> labels, String group) {
    return new GcpSettings(
        ComputeEngine.PROJECT,
        labels,
        group,
        group == null ? null : "europe-west2-a",
        null,
        null,
        8080,
        null,
        URI.create(server.baseUrl()),
        Duration.ofSeconds(30),
        Duration.ofMillis(50));
  }

  private Fleet open(GcpSettings settings, boolean dryRun) {
    Cloud cloud =
        new Cloud(
            "gcp-eu",
            new CloudSettings(
                "gcp", null, ProbeSettings.DEFAULTS, null, null, null, null, settings),
            "gcp.yaml",
            1);
    return new GcpProvider().open(cloud, new FleetContext(dir, new Redactor(), dryRun));
  }

  @Test
  void should_list_by_label_across_zones_with_zone_address_and_labels() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-b");
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      List<Instance> instances = fleet.instances();

      assertThat(instances)
          .extracting(Instance::id)
          .containsExactly("donations-eu-1", "donations-eu-2");
      assertThat(instances)
          .extracting(Instance::zone)
          .containsExactly("europe-west2-a", "europe-west2-b");
      assertThat(instances.get(0).address()).isEqualTo(URI.create("http://10.154.0.2:8080"));
      assertThat(instances.get(0).labels())
          .containsEntry("owner", "payments")
          .doesNotContainKey("machine-type");
      assertThat(instances.get(0).facts()).containsEntry("machine-type", "e2-small");
    }
    server.verify(
        getRequestedFor(
            urlMatching(
                "/compute/v1/projects/donations-prod/aggregated/instances\\?.*filter=labels\\.service.*")));
  }

  @Test
  void should_delete_a_group_member_and_await_its_recreation() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    try (Fleet fleet = open(settings(Map.of(), "donations-eu"), false)) {
      List<Instance> before = fleet.instances();
      assertThat(before).hasSize(2);

      fleet.kill(before.get(0));
      fleet.awaitHealthy(2, Duration.ofSeconds(10));

      assertThat(fleet.instances())
          .extracting(Instance::id)
          .doesNotContain("donations-eu-1")
          .hasSize(2);
    }
    server.verify(
        deleteRequestedFor(
            urlPathMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instances/donations-eu-1")));
    server.verify(
        postRequestedFor(
            urlPathMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instanceGroupManagers/donations-eu/listManagedInstances")));
  }

  @Test
  void should_stop_and_start() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a");
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      Instance instance = fleet.instances().get(0);
      fleet.stop(instance);
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.STOPPED);
      fleet.start(instance);
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
    }
    server.verify(postRequestedFor(urlPathMatching(".*/instances/donations-eu-1/stop")));
    server.verify(postRequestedFor(urlPathMatching(".*/instances/donations-eu-1/start")));
  }

  @Test
  void should_reset_one_and_lose_a_zone_through_a_run() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-b");
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/gcp.feature",
              """
              Feature: GCP
                Scenario: A reset
                  When 1 instance in cloud "gcp-eu" is rebooted
                Scenario: A zone fails
                  When availability zone "europe-west2-b" of cloud "gcp-eu" fails
                  Then the killed instance is replaced within 20 seconds
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              gcpConfig(workspace, endpoint.uri().toString()).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
    }
    server.verify(
        postRequestedFor(
            urlPathMatching(".*/zones/europe-west2-a/instances/donations-eu-1/reset")));
    server.verify(
        1, deleteRequestedFor(urlPathMatching(".*/zones/europe-west2-b/instances/donations-eu-2")));
  }

  @Test
  void should_name_the_missing_permission() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a");
    compute.deny("delete");
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      Instance instance = fleet.instances().get(0);
      assertThatThrownBy(() -> fleet.kill(instance))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'gcp-eu': Google Cloud denied compute.instances.delete: grant the permission compute.instances.delete (in roles/compute.instanceAdmin.v1) to the account Shakedown runs as, on project donations-prod");
    }
  }

  @Test
  void should_surface_a_failed_operation() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a");
    compute.failOperations("stop");
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      Instance instance = fleet.instances().get(0);
      assertThatThrownBy(() -> fleet.stop(instance))
          .isInstanceOf(FleetException.class)
          .hasMessageContaining("cloud 'gcp-eu': compute.instances.stop")
          .hasMessageContaining("The instance is in use by another resource.");
    }
  }

  @Test
  void should_name_the_filter_when_no_instance_matches() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a");
    assertThatThrownBy(() -> open(settings(Map.of("service", "donatoins"), null), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'gcp-eu': no Compute Engine instance matches labels {service=donatoins} of project donations-prod; check the labels, the group's name and its zone or region");
  }

  private Path gcpConfig(Workspace workspace, String deployment) {
    return workspace.write(
        "gcp.yaml",
        (deployment == null
                ? ""
                : """
                deployment:
                  endpoint: %s
                  probe: { path: /health, interval: 50ms, sample: 1s }
                """
                    .formatted(deployment))
            + """
            clouds:
              gcp-eu:
                provider: gcp
                project: donations-prod
                instanceGroup: donations-eu
                zone: europe-west2-a
                endpoint: %s
                pollInterval: 100ms
                safety: { maxInstancesDown: 2 }
            """
                .formatted(server.baseUrl()));
  }

  @Test
  void should_start_every_instance_it_stopped_again_when_interrupted() throws Exception {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/stop.feature",
              """
              Feature: Stop
                Scenario: Every instance stopped
                  Given the deployment is serving
                  And every instance in cloud "gcp-eu" is stopped
                  Then the deployment keeps serving for 60 seconds with at least 0% success
              """);
      ShakedownProcess run =
          ShakedownProcess.start(
              Path.of("").toAbsolutePath(),
              dir.resolve("logs"),
              "run",
              feature.toString(),
              "--clouds",
              gcpConfig(workspace, endpoint.uri().toString()).toString(),
              "--reports",
              workspace.reports().toString());
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  compute.status("donations-eu-1").equals("TERMINATED")
                      && compute.status("donations-eu-2").equals("TERMINATED"));

      new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();

      assertThat(run.await(90)).as(run.out() + run.err()).isEqualTo(130);
      assertThat(run.err())
          .contains("reverted: stopped gcp-eu/donations-eu-1: started again: running")
          .contains("reverted: stopped gcp-eu/donations-eu-2: started again: running");
    }
    server.verify(
        postRequestedFor(
            urlMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instances/donations-eu-1/start.*")));
    server.verify(
        postRequestedFor(
            urlMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instances/donations-eu-2/start.*")));
    assertThat(compute.status("donations-eu-1")).isEqualTo("RUNNING");
    assertThat(compute.status("donations-eu-2")).isEqualTo("RUNNING");
  }

  @Test
  void should_plan_in_a_dry_run_without_a_mutating_request() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    Workspace workspace = new Workspace(dir);
    Path feature =
        workspace.write(
            "features/kill.feature",
            """
            Feature: Kill
              Scenario: A member dies
                When 1 instance in cloud "gcp-eu" is killed
                Then the killed instance is replaced within 20 seconds
            """);
    CommandLineRun run =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            gcpConfig(workspace, "http://127.0.0.1:9").toString(),
            "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("would kill gcp-eu/donations-eu-1 (zone europe-west2-a)");
    server.verify(0, deleteRequestedFor(anyUrl()));
    server.verify(0, postRequestedFor(urlMatching(".*/(stop|start|reset)")));
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isNotEmpty();
  }

  @Test
  void should_keep_serving_from_gcp_when_every_aws_instance_dies() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-b");
    dev.shakedown.fleet.aws.AwsTestGroups aws =
        dev.shakedown.fleet.aws.AwsTestGroups.start("donations-aws");
    Workspace workspace = new Workspace(dir);
    try (aws;
        TestEndpoint endpoint = TestEndpoint.servedBy("gcp-eu")) {
      Path awsConfig =
          workspace.write(
              "aws.yaml",
              """
              deployment:
                endpoint: %s
                probe: { path: /health, interval: 50ms, sample: 1s }
              clouds:
                aws-eu:
                  provider: aws
                  region: eu-west-2
                  autoScalingGroup: donations-aws
                  endpoint: %s
                  accessKeyId: AKIAIOSFODNN7EXAMPLE
                  secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                  pollInterval: 100ms
                  safety: { maxInstancesDown: 2 }
              """
                  .formatted(endpoint.uri(), aws.baseUrl()));
      Path feature =
          workspace.write(
              "features/two-clouds.feature",
              """
              Feature: Two clouds
                Scenario: Losing all of AWS
                  Given the deployment is serving
                  When every instance in cloud "aws-eu" is killed
                  Then the deployment keeps serving for 2 seconds with at least 99% success
                  And all requests are served by cloud "gcp-eu"
              """);

      CommandLineRun run =
          workspace.run(
              "run", feature.toString(), "--clouds", awsConfig + "," + gcpConfig(workspace, null));

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out()).contains("PASS  Losing all of AWS");
      assertThat(aws.terminations()).isEqualTo(2);
    }
    server.verify(0, deleteRequestedFor(anyUrl())); // the gcp cloud was only looked at
  }
}
