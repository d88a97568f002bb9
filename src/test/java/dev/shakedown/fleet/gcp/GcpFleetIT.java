package dev.shakedown.fleet.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    return dev.shakedown.testing.TestFleets.open(
        new GcpProvider(), "gcp-eu", settings, dir, dryRun);
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
    List<String> lists = urls("/compute/v1/projects/donations-prod/aggregated/instances");
    assertThat(lists)
        .isNotEmpty()
        .allSatisfy(
            url ->
                assertThat(url)
                    .contains("filter=(labels.service = \"donations\")")
                    .contains("returnPartialSuccess=true"));
  }

  @Test
  void should_see_a_deleted_member_recreated_under_its_name_as_another_instance() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.stopping = 500;
    compute.detect = 200;
    compute.provisioning = 500;
    compute.verifying = 300;
    try (Fleet fleet = open(settings(Map.of(), "donations-eu"), false)) {
      List<Instance> before = fleet.instances();
      assertThat(before).hasSize(2);
      long killedId = compute.id("donations-eu-1");
      assertThat(before.get(0).identity()).isEqualTo("donations-eu-1#" + killedId);

      fleet.kill(before.get(0));
      Duration took = fleet.awaitHealthy(2, Duration.ofSeconds(20));

      assertThat(took).isGreaterThan(Duration.ofMillis(800));
      Instance again = byId(fleet, "donations-eu-1");
      assertThat(again.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(again.identity())
          .as("the same name, another instance")
          .isNotEqualTo(before.get(0).identity())
          .isEqualTo("donations-eu-1#" + compute.id("donations-eu-1"));
    }
    server.verify(
        deleteRequestedFor(
            urlPathMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instances/donations-eu-1")));
    assertThat(urls("/listManagedInstances")).isNotEmpty();
    assertThat(server.findAll(getRequestedFor(urlPathMatching(".*/instances/donations-eu-.*"))))
        .as("never one call per instance")
        .isEmpty();
  }

  @Test
  void should_stop_through_stopping_and_start_through_staging() {
    compute.standalone("donations-eu", "europe-west2-a");
    compute.stopping = 3000;
    compute.staging = 500;
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      Instance instance = fleet.instances().get(0);
      long start = System.nanoTime();
      fleet.stop(instance);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("a stop ends once TERMINATED, not while STOPPING")
          .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
      assertThat(compute.status("donations-eu-1")).isEqualTo("TERMINATED");
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.STOPPED);
      fleet.start(instance);
      assertThat(compute.status("donations-eu-1")).isEqualTo("RUNNING");
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
    }
    server.verify(postRequestedFor(urlPathMatching(".*/instances/donations-eu-1/stop")));
    server.verify(postRequestedFor(urlPathMatching(".*/instances/donations-eu-1/start")));
    assertThat(urls("/operations/operation-stop-"))
        .as("the stop's operation followed until DONE, once per pollInterval")
        .hasSizeBetween(2, 3000 / 50 + 5);
  }

  @Test
  void should_stop_a_group_member_through_its_group_which_keeps_it_stopped() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.healthChecked("donations-eu");
    compute.stopping = 3000;
    compute.staging = 300;
    compute.detect = 100; // a member stopped outside the group would be recreated at once
    compute.verifying = 300;
    compute.healthyAfter = 500;
    try (Fleet fleet = open(settings(Map.of(), "donations-eu"), false)) {
      Instance instance = byId(fleet, "donations-eu-1");
      long id = compute.id("donations-eu-1");
      fleet.stop(instance);
      Thread.sleep(500);
      assertThat(compute.status("donations-eu-1")).isEqualTo("TERMINATED");
      assertThat(compute.id("donations-eu-1")).as("not repaired").isEqualTo(id);
      assertThat(byId(fleet, "donations-eu-1").state()).isEqualTo(InstanceState.STOPPED);

      fleet.start(instance);
      assertThat(compute.action("donations-eu", "donations-eu-1"))
          .as("start returns once the group is done with it")
          .isEqualTo("NONE");
      assertThat(byId(fleet, "donations-eu-1").state()).isEqualTo(InstanceState.RUNNING);
      assertThat(compute.id("donations-eu-1")).isEqualTo(id);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    server.verify(
        postRequestedFor(
                urlPathMatching(
                    "/compute/v1/projects/donations-prod/zones/europe-west2-a/instanceGroupManagers/donations-eu/stopInstances"))
            .withRequestBody(
                containing("\"instances\":[\"zones/europe-west2-a/instances/donations-eu-1\"]")));
    server.verify(
        postRequestedFor(urlPathMatching(".*/instanceGroupManagers/donations-eu/startInstances")));
    server.verify(0, postRequestedFor(urlPathMatching(".*/instances/donations-eu-1/(stop|start)")));
  }

  @Test
  void should_refuse_a_zone_outage_of_group_members_before_touching_anything() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    try (Fleet fleet = open(settings(Map.of(), "donations-eu"), false)) {
      assertThatThrownBy(() -> fleet.toHoldZoneOutage("europe-west2-a"))
          .isInstanceOf(FleetException.class)
          .hasMessageStartingWith(
              "cloud 'gcp-eu': an outage of zone europe-west2-a cannot hold in managed instance"
                  + " group donations-eu: the group recreates a deleted member in its own zone");
    }
    server.verify(0, deleteRequestedFor(anyUrl()));
  }

  @Test
  void should_ride_out_a_burst_of_rate_limit_exceeded_and_name_lasting_throttling() {
    compute.standalone("donations-eu", "europe-west2-a");
    compute.throttle(3);
    try (Fleet fleet = open(settings(Map.of("service", "donations"), null), false)) {
      assertThat(fleet.instances()).hasSize(1);
      Instance instance = fleet.instances().get(0);
      compute.throttle(100);
      assertThatThrownBy(() -> fleet.kill(instance))
          .isInstanceOf(FleetException.class)
          .hasMessageStartingWith(
              "cloud 'gcp-eu': Google Cloud throttled compute.instances.delete (rateLimitExceeded)"
                  + " through every retry");
    }
    List<String> deletes = urls("/instances/donations-eu-1?requestId=");
    assertThat(deletes).hasSize(GcpCalls.ATTEMPTS);
    assertThat(deletes.stream().distinct()).as("one request id for every attempt").hasSize(1);
  }

  @Test
  void should_list_past_an_unreachable_zone_where_the_group_has_no_member() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.unreachable("asia-east1-b");
    try (Fleet fleet = open(settings(Map.of(), "donations-eu"), false)) {
      assertThat(fleet.instances())
          .extracting(Instance::id)
          .containsExactly("donations-eu-1", "donations-eu-2");
    }
  }

  @Test
  void should_refuse_to_decide_on_a_listing_that_may_miss_instances_in_an_unreachable_zone() {
    compute.standalone("donations-eu", "europe-west2-a");
    compute.unreachable("europe-west2-b");
    assertThatThrownBy(() -> open(settings(Map.of("service", "donations"), null), false))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "cloud 'gcp-eu': Compute could not list zones [europe-west2-b] just now"
                + " (unreachable), where this cloud's instances may be; try again shortly");
  }

  @Test
  void should_reset_one_and_refuse_a_kill_that_nothing_would_undo() {
    compute.standalone("donations-eu", "europe-west2-a", "europe-west2-b");
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
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              labelsConfig(workspace, endpoint.uri().toString()).toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
      assertThat(run.out())
          .contains("PASS  A reset")
          .contains(
              "refused: nothing in cloud 'gcp-eu' would replace gcp-eu/donations-eu-2 (in no group"
                  + " that recreates its instances), so a kill would be for good");
    }
    server.verify(
        postRequestedFor(
            urlPathMatching(".*/zones/europe-west2-a/instances/donations-eu-1/reset")));
    server.verify(0, deleteRequestedFor(anyUrl()));
  }

  @Test
  void should_name_the_missing_permission() {
    compute.standalone("donations-eu", "europe-west2-a");
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
    compute.standalone("donations-eu", "europe-west2-a");
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

  /** The path and query of every request whose URL contains {@code part}, decoded, in order. */
  private List<String> urls(String part) {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    return events.stream()
        .map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8))
        .filter(url -> url.contains(part))
        .toList();
  }

  private static Instance byId(Fleet fleet, String id) {
    return fleet.instances().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not listed"));
  }

  private Path labelsConfig(Workspace workspace, String deployment) {
    return workspace.write(
        "gcp.yaml",
        """
        deployment:
          endpoint: %s
          probe: { path: /health, interval: 50ms, sample: 1s }
        clouds:
          gcp-eu:
            provider: gcp
            project: donations-prod
            labels: { service: donations }
            endpoint: %s
            pollInterval: 100ms
            safety: { maxInstancesDown: 1 }
        """
            .formatted(deployment, server.baseUrl()));
  }

  private Path gcpConfig(Workspace workspace, String deployment) {
    return gcpConfig(workspace, deployment, "100ms", 2);
  }

  private Path gcpConfig(
      Workspace workspace, String deployment, String pollInterval, int maxInstancesDown) {
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
                pollInterval: %s
                safety: { maxInstancesDown: %d }
            """
                .formatted(server.baseUrl(), pollInterval, maxInstancesDown));
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
        2,
        postRequestedFor(
            urlPathMatching(
                "/compute/v1/projects/donations-prod/zones/europe-west2-a/instanceGroupManagers/donations-eu/startInstances")));
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

  @Test
  void should_report_a_member_recreated_under_its_name_as_replaced_with_the_time_it_took() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.stopping = 300;
    compute.detect = 300;
    compute.provisioning = 1000;
    compute.verifying = 500;
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/kill.feature",
              """
              Feature: Kill
                Scenario: A member dies
                  Given the deployment is serving
                  When 1 instance in cloud "gcp-eu" is killed
                  Then the killed instance is replaced within 30 seconds
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              gcpConfig(workspace, endpoint.uri().toString(), "100ms", 1).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .contains(
              "killing gcp-eu/donations-eu-1 (zone europe-west2-a): hard: Compute"
                  + " instances.delete, and managed instance group donations-eu recreates it under"
                  + " the same name")
          .containsPattern("cloud gcp-eu replaced gcp-eu/donations-eu-1 in [2-9]\\.\\d s");
    }
  }

  @Test
  void should_restart_a_group_one_at_a_time_through_a_three_second_stopping_phase() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.healthChecked("donations-eu");
    compute.stopping = 3000;
    compute.staging = 500;
    compute.verifying = 300;
    compute.healthyAfter = 800;
    compute.detect = 100;
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/restart.feature",
              """
              Feature: Rolling restart
                Scenario: A rolling restart of a cloud
                  Given the deployment is serving
                  When the instances in cloud "gcp-eu" are restarted one at a time
                  Then the deployment keeps serving throughout with at least 99.9% success
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              gcpConfig(workspace, endpoint.uri().toString(), "100ms", 1).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .containsPattern("restarted gcp-eu/donations-eu-1 in [3-9]\\.\\d s")
          .containsPattern("restarted gcp-eu/donations-eu-2 in [3-9]\\.\\d s");
    }
    assertThat(compute.maxNotServing("donations-eu"))
        .as("never two down at once: each served again before the next one stopped")
        .isEqualTo(1);
    server.verify(2, postRequestedFor(urlPathMatching(".*/donations-eu/stopInstances")));
    server.verify(2, postRequestedFor(urlPathMatching(".*/donations-eu/startInstances")));
  }

  @Test
  void should_poll_each_api_at_most_once_per_interval_through_a_minute_long_recreation() {
    compute.group("donations-eu", "donations-eu", "europe-west2-a", "europe-west2-a");
    compute.healthChecked("donations-eu");
    compute.stopping = 2000;
    compute.detect = 1000;
    compute.provisioning = 45_000;
    compute.verifying = 5000;
    compute.healthyAfter = 5000;
    Workspace workspace = new Workspace(dir);
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/kill.feature",
              """
              Feature: Kill
                Scenario: A member dies
                  Given the deployment is serving
                  When 1 instance in cloud "gcp-eu" is killed
                  Then the killed instance is replaced within 90 seconds
              """);
      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              gcpConfig(workspace, endpoint.uri().toString(), "1s", 1).toString());

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(workspace.everythingWritten())
          .containsPattern("cloud gcp-eu replaced gcp-eu/donations-eu-1 in (5\\d|6\\d)\\.\\d s");
    }
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    long killed =
        events.stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("DELETE"))
            .findFirst()
            .orElseThrow()
            .getRequest()
            .getLoggedDate()
            .getTime();
    long last = events.get(events.size() - 1).getRequest().getLoggedDate().getTime();
    double seconds = (last - killed) / 1000.0;
    assertThat(seconds).isGreaterThan(50);
    for (String api : List.of("/aggregated/instances", "/listManagedInstances", "/operations/")) {
      long calls =
          events.stream()
              .filter(e -> e.getRequest().getLoggedDate().getTime() > killed)
              .filter(e -> e.getRequest().getUrl().contains(api))
              .count();
      // At most one per second, and one more for each change that makes the next look fresh.
      assertThat(calls).as(api + " calls in " + seconds + " s").isBetween(1L, (long) seconds + 3);
    }
    assertThat(
            events.stream()
                .filter(e -> e.getRequest().getLoggedDate().getTime() > killed)
                .filter(e -> e.getRequest().getUrl().contains("/listManagedInstances"))
                .count())
        .as("the group is watched throughout")
        .isGreaterThan((long) (seconds / 2));
  }
}
