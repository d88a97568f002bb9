package dev.shakedown.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.testing.ProjectFailover;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TestFleets;
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

/**
 * The kubernetes provider against fabric8's mock API server, its controllers played by the test.
 */
class KubernetesFleetIT {
  @TempDir Path dir;
  private KubernetesCluster cluster;

  @BeforeEach
  void start() {
    cluster =
        new KubernetesCluster()
            .node("node-a1", "eu-west-1a")
            .node("node-a2", "eu-west-1a")
            .node("node-b1", "eu-west-1b");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Fleet open(Map<String, String> labels, boolean dryRun) throws Exception {
    return TestFleets.open(
        new KubernetesProvider(),
        "k8s-eu",
        new KubernetesSettings(
            cluster.kubeconfig(dir).toString(),
            null,
            KubernetesCluster.NAMESPACE,
            labels,
            8080,
            Duration.ofMillis(50)),
        dir,
        dryRun);
  }

  @Test
  void should_list_the_pods_in_their_nodes_zones_and_replace_a_killed_one_with_a_new_pod()
      throws Exception {
    cluster.replicaSet("donations", "cloud-a", 3).replicaSet("other", "cloud-a", 1);
    try (Fleet fleet = open(Map.of("app", "donations"), false)) {
      List<Instance> pods = fleet.instances();
      assertThat(pods).hasSize(3).allMatch(p -> p.state() == InstanceState.RUNNING);
      assertThat(pods).extracting(Instance::zone).containsOnly("eu-west-1a", "eu-west-1b");
      assertThat(pods.get(0).address()).isEqualTo(URI.create("http://127.0.0.1:8080"));
      assertThat(pods.get(0).facts()).containsEntry("owner", "ReplicaSet/donations");
      assertThat(fleet.replacesKilled(pods.get(0))).isTrue();

      Instance victim = pods.get(0);
      fleet.kill(victim);

      assertThat(fleet.instances()).noneMatch(p -> p.identity().equals(victim.identity()));
      Duration took = fleet.awaitHealthy(3, Duration.ofSeconds(10));
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(fleet.instances())
          .hasSize(3)
          .allMatch(p -> p.state() == InstanceState.RUNNING)
          .noneMatch(p -> p.id().equals(victim.id()));
      assertThat(cluster.requests())
          .contains("DELETE /api/v1/namespaces/donations/pods/" + victim.id());
    }
  }

  @Test
  void should_wait_for_the_replica_set_to_count_the_new_pod_ready() throws Exception {
    cluster.starting = Duration.ofSeconds(2);
    cluster.replicaSet("donations", "cloud-a", 2);
    try (Fleet fleet = open(Map.of("app", "donations"), false)) {
      fleet.kill(fleet.instances().get(0));

      assertThatThrownBy(() -> fleet.awaitHealthy(2, Duration.ofMillis(500)))
          .isInstanceOf(FleetException.class)
          .hasMessageContaining("1 of 2 pods running and ready");
      assertThat(fleet.awaitHealthy(2, Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void should_name_the_rbac_permission_a_forbidden_kill_needs_and_never_the_token()
      throws Exception {
    cluster.replicaSet("donations", "cloud-a", 2);
    try (Fleet fleet = open(Map.of("app", "donations"), false)) {
      Instance victim = fleet.instances().get(0);
      cluster.forbidDelete(victim.id());

      assertThatThrownBy(() -> fleet.kill(victim))
          .isInstanceOf(FleetException.class)
          .hasMessage(
              "cloud 'k8s-eu': Kubernetes refused to delete pods in namespace donations (403"
                  + " Forbidden): the kubeconfig's user needs RBAC permission to delete pods in"
                  + " namespace donations; grant it with a Role and RoleBinding")
          .hasMessageNotContaining(KubernetesCluster.TOKEN);
    }
  }

  @Test
  void should_refuse_a_stop_in_one_line_and_a_pod_that_nothing_would_replace() throws Exception {
    cluster.replicaSet("donations", "cloud-a", 1);
    try (Fleet fleet = open(Map.of("app", "donations"), false)) {
      Instance pod = fleet.instances().get(0);
      assertThatThrownBy(() -> fleet.toHoldStop(pod))
          .hasMessage(
              "cloud 'k8s-eu': Kubernetes cannot stop a pod and start it again (a pod is deleted,"
                  + " and its owner makes another); use 'is killed', or 'is rebooted' for a"
                  + " graceful delete");
      Instance bare =
          new Instance(
              "bare", "k8s-eu", "", null, InstanceState.RUNNING, Map.of(), Map.of("uid", "1"));
      assertThat(fleet.replacesKilled(bare)).isFalse();
    }
  }

  @Test
  void should_refuse_a_context_the_kubeconfig_does_not_have_rather_than_use_the_current_one()
      throws Exception {
    cluster.replicaSet("donations", "cloud-a", 1);
    assertThatThrownBy(
            () ->
                TestFleets.open(
                    new KubernetesProvider(),
                    "k8s-eu",
                    new KubernetesSettings(
                        cluster.kubeconfig(dir).toString(),
                        "stand-inn",
                        KubernetesCluster.NAMESPACE,
                        Map.of("app", "donations"),
                        null,
                        null),
                    dir,
                    false))
        .hasMessage(
            "cloud 'k8s-eu': the kubeconfig has no context 'stand-inn' (context:); it has: stand-in");
  }

  @Test
  void should_say_when_the_labels_select_no_pod() throws Exception {
    cluster.replicaSet("donations", "cloud-a", 1);
    assertThatThrownBy(() -> open(Map.of("app", "donatoins"), false))
        .hasMessage(
            "cloud 'k8s-eu': no pod in namespace donations has labels app=donatoins; check them"
                + " with kubectl get pods -n donations -l app=donatoins");
  }

  @Test
  void should_cordon_a_zone_for_its_outage_and_uncordon_only_what_it_cordoned() throws Exception {
    cluster.replicaSet("donations", "cloud-a", 3);
    cluster
        .admin()
        .nodes()
        .withName("node-a2")
        .edit(
            n ->
                new io.fabric8.kubernetes.api.model.NodeBuilder(n)
                    .editSpec()
                    .withUnschedulable(true)
                    .endSpec()
                    .build());
    try (Fleet fleet = open(Map.of("app", "donations"), false)) {
      List<CloudChange> changes = fleet.toHoldZoneOutage("eu-west-1a");
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).details()).containsEntry("nodes", "node-a1");

      fleet.apply(changes.get(0));
      assertThat(unschedulable("node-a1")).isTrue();
      List<Instance> inZone =
          fleet.instances().stream().filter(p -> p.zone().equals("eu-west-1a")).toList();
      fleet.killAll(inZone);
      fleet.awaitHealthy(3, Duration.ofSeconds(10));
      assertThat(fleet.instances()).allMatch(p -> p.zone().equals("eu-west-1b"));

      assertThat(fleet.undo(changes.get(0)))
          .isEqualTo("uncordoned nodes node-a1 of zone eu-west-1a (read back: schedulable)");
      assertThat(unschedulable("node-a1")).isFalse();
      assertThat(unschedulable("node-a2")).as("cordoned by someone else").isTrue();
    }
  }

  private boolean unschedulable(String node) {
    return Boolean.TRUE.equals(
        cluster.admin().nodes().withName(node).get().getSpec().getUnschedulable());
  }

  @Test
  void should_hold_the_projects_failover_feature_on_two_kubernetes_clouds() throws Exception {
    cluster.replicaSet("donations-a", "cloud-a", 2).replicaSet("donations-b", "cloud-b", 2);
    // As a JVM pod may take 11 s to be ready: sooner, cloud-a would serve again inside the
    // feature's 10 s window, and "all requests are served by cloud-b" would rightly fail.
    cluster.starting = Duration.ofSeconds(11);
    Workspace workspace = new Workspace(dir);
    cluster.requests();

    // Through the packaged jar, as a pipeline runs it: the client's pieces found in the jar too.
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                project("failover/failover"),
                "--clouds",
                clouds(workspace, cluster.service().toString(), 2).toString(),
                "--reports",
                workspace.reports().toString()));
    args.addAll(List.of(ProjectFailover.withShareOfEveryCloud()));
    ShakedownProcess run =
        ShakedownProcess.start(
            Path.of("").toAbsolutePath(), dir.resolve("logs"), args.toArray(String[]::new));

    int exit = run.await(300);
    assertThat(exit).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("PASS  Losing one instance")
        .contains("PASS  Losing a whole cloud")
        .contains("PASS  A rolling restart of a cloud")
        .contains("PASS  Losing a share of every cloud at once");
    assertThat(run.out() + run.err() + workspace.everythingWritten())
        .doesNotContain(KubernetesCluster.TOKEN);
    List<String> deletes = new ArrayList<>(cluster.requests());
    deletes.removeIf(r -> !r.startsWith("DELETE "));
    // One, then both of cloud-a; cloud-b's two deleted gracefully in turn; then half of each.
    assertThat(deletes).hasSize(1 + 2 + 2 + 1 + 1);
  }

  @Test
  void should_plan_a_dry_run_without_a_mutating_request_and_refuse_over_the_blast_radius()
      throws Exception {
    cluster.replicaSet("donations-a", "cloud-a", 2).replicaSet("donations-b", "cloud-b", 2);
    Workspace workspace = new Workspace(dir);
    cluster.requests();

    CommandLineRun dryRun =
        run(workspace, project("failover/failover"), "http://127.0.0.1:9", 2, "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
    assertThat(dryRun.out()).contains("would kill cloud-a/donations-a-");
    assertThat(cluster.requests()).isNotEmpty().allMatch(r -> r.startsWith("GET "));

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
    assertThat(cluster.requests()).allMatch(r -> r.startsWith("GET "));
  }

  /** One of the project's own features, unchanged. */
  private static String project(String feature) {
    return Path.of("features", feature + ".feature").toAbsolutePath().toString();
  }

  private CommandLineRun run(
      Workspace workspace, String feature, String deployment, int maxDown, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("run", feature, "--clouds", clouds(workspace, deployment, maxDown).toString()));
    args.addAll(List.of(more));
    return workspace.run(args.toArray(String[]::new));
  }

  private Path clouds(Workspace workspace, String deployment, int maxDown) throws Exception {
    String cloud =
        """
          %s:
            provider: kubernetes
            kubeconfig: %s
            namespace: donations
            labels: { app: %s }
            pollInterval: 100ms
            safety: { maxInstancesDown: %d }
        """;
    Path kubeconfig = cluster.kubeconfig(dir);
    return workspace.write(
        "k8s.yaml",
        """
            deployment:
              endpoint: %s
              probe: { path: /health, interval: 100ms, sample: 1s }
            clouds:
            """
                .formatted(deployment)
            + cloud.formatted("cloud-a", kubeconfig, "donations-a", maxDown)
            + cloud.formatted("cloud-b", kubeconfig, "donations-b", maxDown));
  }
}
