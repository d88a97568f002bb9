package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo on a cloud that outlives the run: instances the run stopped are started again when it is
 * interrupted, or by the next sweep when it was killed; kills add up against the blast radius.
 */
class AwsUndoIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;
  private final AutoScalingGroups groups =
      new AutoScalingGroups().group("donations-eu", "i-0a", "eu-west-2a", "eu-west-2b");
  private WireMockServer server;
  private TestEndpoint endpoint;
  private Workspace workspace;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(groups));
    server.start();
    server.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withTransformers(AutoScalingGroups.NAME)));
    endpoint = TestEndpoint.answering(200);
    workspace = new Workspace(dir);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    server.stop();
  }

  private Path config(int maxDown, String selector) {
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
            %s
            endpoint: %s
            accessKeyId: AKIAIOSFODNN7EXAMPLE
            secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            pollInterval: 100ms
            safety: { maxInstancesDown: %d }
        """
            .formatted(endpoint.uri(), selector, server.baseUrl(), maxDown));
  }

  private Path stopEverythingFeature() {
    return workspace.write(
        "features/stop.feature",
        """
        Feature: Stop
          Scenario: Every instance stopped
            Given the deployment is serving
            And every instance in cloud "aws-eu" is stopped
            Then the deployment keeps serving for 60 seconds with at least 0% success
        """);
  }

  private ShakedownProcess runInBackground(Path feature, Path config) {
    return ShakedownProcess.start(
        PROJECT,
        dir.resolve("logs"),
        "run",
        feature.toString(),
        "--clouds",
        config.toString(),
        "--reports",
        workspace.reports().toString());
  }

  private int requests(String action) {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")))
        .size();
  }

  private void awaitBothStopped() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                groups.state("i-0a1").equals("stopped") && groups.state("i-0a2").equals("stopped"));
  }

  @Test
  void should_start_every_instance_it_stopped_again_when_interrupted_and_exit_130()
      throws Exception {
    ShakedownProcess run =
        runInBackground(stopEverythingFeature(), config(2, "tags: { service: donations }"));
    awaitBothStopped();

    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();

    assertThat(run.await(90)).as(run.out() + run.err()).isEqualTo(130);
    assertThat(requests("StartInstances")).isEqualTo(2);
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                containing("Action=StartInstances&Version=2016-11-15&InstanceId.1=i-0a1")));
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                containing("Action=StartInstances&Version=2016-11-15&InstanceId.1=i-0a2")));
    assertThat(groups.state("i-0a1")).isEqualTo("running");
    assertThat(groups.state("i-0a2")).isEqualTo("running");
    // Selected by tags, held through the group Auto Scaling tagged them with: not replaced.
    assertThat(groups.members("donations-eu")).containsExactly("i-0a1", "i-0a2");
    assertThat(groups.suspended("donations-eu")).isEmpty();
    // Both stops held by one suspension, resumed once, after the second start: never while a
    // member is still stopped (a parallel revert must not resume after the first start).
    assertThat(requests("SuspendProcesses")).isEqualTo(1);
    assertThat(requests("ResumeProcesses")).isEqualTo(1);
    assertThat(run.err())
        .containsPattern(
            // With the stop that released it, or on its own line where the scenario's own
            // revert, racing the interrupt, released it.
            "(reverted: stopped aws-eu/i-0a\\d: started again: running; then |reverted: )suspend"
                + " HealthCheck and ReplaceUnhealthy of Auto Scaling group donations-eu while"
                + " members are stopped \\(no member is health-checked meanwhile\\): resumed");
    assertThat(run.err())
        .contains("interrupted: reverting everything this run applied")
        .contains("reverted: stopped aws-eu/i-0a1: started again: running")
        .contains("reverted: stopped aws-eu/i-0a2: started again: running")
        .contains("interrupted: everything this run applied is reverted (exit 130)");
    assertThat(workspace.run("sweep", "--reports", workspace.reports().toString()).out())
        .contains("nothing to sweep");
  }

  @Test
  void should_leave_at_once_on_a_second_ctrl_c_naming_what_is_still_applied() throws Exception {
    Path config = config(2, "tags: { service: donations }");
    ShakedownProcess run = runInBackground(stopEverythingFeature(), config);
    awaitBothStopped();
    groups.slowStarts(120_000); // the revert's start requests hang

    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();
    await().atMost(Duration.ofSeconds(30)).until(() -> requests("StartInstances") > 0);
    long second = System.nanoTime();
    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();

    assertThat(run.await(30)).as(run.out() + run.err()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - second))
        .as("from the second Ctrl-C to the exit")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(run.err())
        .contains("interrupted again, leaving at once: still applied, not reverted (exit 2):")
        .contains("  stopped aws-eu/i-0a1")
        .contains("  stopped aws-eu/i-0a2")
        .contains("run: shakedown sweep --reports " + workspace.reports() + " to revert it");

    groups.slowStarts(0);
    CommandLineRun sweep =
        workspace.run(
            "sweep", "--clouds", config.toString(), "--reports", workspace.reports().toString());
    assertThat(sweep.exitCode()).as(sweep.all()).isZero();
    assertThat(groups.state("i-0a1")).isEqualTo("running");
    assertThat(groups.state("i-0a2")).isEqualTo("running");
  }

  @Test
  void should_start_them_at_the_next_sweep_when_the_run_was_killed() throws Exception {
    Path config = config(2, "tags: { service: donations }");
    ShakedownProcess run = runInBackground(stopEverythingFeature(), config);
    awaitBothStopped();

    run.process().destroyForcibly(); // SIGKILL: nothing of the run gets to revert
    run.process().waitFor();
    assertThat(requests("StartInstances")).isZero();

    CommandLineRun sweep =
        workspace.run(
            "sweep", "--clouds", config.toString(), "--reports", workspace.reports().toString());

    assertThat(sweep.exitCode()).as(sweep.all()).isZero();
    assertThat(sweep.out())
        .containsPattern("swept: run \\S+: stopped aws-eu/i-0a1: started again: running")
        .containsPattern("swept: run \\S+: stopped aws-eu/i-0a2: started again: running");
    assertThat(sweep.out())
        .containsPattern(
            "swept: run \\S+: suspend HealthCheck and ReplaceUnhealthy of Auto Scaling group"
                + " donations-eu .*: resumed HealthCheck and ReplaceUnhealthy");
    assertThat(sweep.out().indexOf("resumed HealthCheck"))
        .as("started before the group's health checks come back")
        .isGreaterThan(sweep.out().indexOf("i-0a1: started again"))
        .isGreaterThan(sweep.out().indexOf("i-0a2: started again"));
    assertThat(requests("StartInstances")).isEqualTo(2);
    assertThat(groups.state("i-0a1")).isEqualTo("running");
    assertThat(groups.state("i-0a2")).isEqualTo("running");
    assertThat(groups.members("donations-eu")).containsExactly("i-0a1", "i-0a2");
    assertThat(groups.suspended("donations-eu")).isEmpty();

    CommandLineRun again =
        workspace.run(
            "sweep", "--clouds", config.toString(), "--reports", workspace.reports().toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("nothing to sweep");
    assertThat(requests("StartInstances")).isEqualTo(2);
  }

  @Test
  void should_refuse_a_second_kill_while_the_first_instance_is_not_yet_replaced() {
    Path feature =
        workspace.write(
            "features/kills.feature",
            """
            Feature: Kills
              Scenario: One, then another
                Given the deployment is serving
                When 1 instance in cloud "aws-eu" is killed
                And 1 instance in cloud "aws-eu" is killed
            """);

    CommandLineRun run =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            config(1, "autoScalingGroup: donations-eu").toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out())
        .contains(
            "refused: this would take 2 instances of cloud 'aws-eu' down at once (1 already are), over its blast radius safety.maxInstancesDown = 1");
    assertThat(requests("TerminateInstances")).isEqualTo(1);
  }
}
