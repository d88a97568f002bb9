package dev.shakedown.fleet.kubernetes;

import com.sun.net.httpserver.HttpServer;
import dev.shakedown.testing.StandInHttp;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster on loopback: fabric8's mock Kubernetes API server in CRUD mode, which stores what it is
 * sent and nothing more, with the controllers a real cluster runs played here: a ReplicaSet makes a
 * new pod (a new name, a new uid) for each of its pods deleted, the scheduler puts it on a node
 * that is not cordoned, and the kubelet has it Running and Ready {@link #starting} later, when the
 * ReplicaSet's status counts it ready again.
 */
final class KubernetesCluster implements AutoCloseable {
  static final String NAMESPACE = "donations";

  /** The kubeconfig's token: it must never be seen in anything Shakedown writes. */
  static final String TOKEN = "sha256~k8s-token-that-must-never-be-printed";

  volatile Duration starting = Duration.ofSeconds(1);
  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final ScheduledExecutorService kubelet = Executors.newScheduledThreadPool(2);
  private final AtomicInteger names = new AtomicInteger();
  private final List<HttpServer> balancers = new CopyOnWriteArrayList<>();
  private Watch watch;

  KubernetesCluster() {
    server = dev.shakedown.testing.MockKubernetes.start();
    admin = server.createClient();
    watch =
        admin
            .pods()
            .inNamespace(NAMESPACE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action == Action.DELETED) {
                      kubelet.execute(() -> replace(pod));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  KubernetesCluster node(String name, String zone) {
    admin
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(KubernetesFleet.ZONE_LABEL, zone)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build())
        .create();
    return this;
  }

  /** A ReplicaSet of {@code replicas} pods labelled {@code app} and {@code cloud}, all ready. */
  KubernetesCluster replicaSet(String name, String cloud, int replicas) {
    ReplicaSet set =
        admin
            .apps()
            .replicaSets()
            .inNamespace(NAMESPACE)
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector()
                    .addToMatchLabels("app", name)
                    .endSelector()
                    .endSpec()
                    .build())
            .create();
    for (int i = 0; i < replicas; i++) {
      Pod pod = admin.pods().inNamespace(NAMESPACE).resource(pod(set, cloud)).create();
      ready(pod);
    }
    return this;
  }

  private Pod pod(ReplicaSet set, String cloud) {
    String setName = set.getMetadata().getName();
    return new PodBuilder()
        .withNewMetadata()
        .withName(setName + "-" + Integer.toString(36 * 36 + names.incrementAndGet(), 36))
        .withNamespace(NAMESPACE)
        .addToLabels("app", setName)
        .addToLabels("cloud", cloud)
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(setName)
        .withUid(set.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName(schedulable())
        .addNewContainer()
        .withName("donations")
        .withImage("donations:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /** The scheduler: the node with the fewest pods that is not cordoned. */
  private synchronized String schedulable() {
    Map<String, Integer> load = new HashMap<>();
    admin.nodes().list().getItems().stream()
        .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .forEach(n -> load.put(n.getMetadata().getName(), 0));
    for (Pod pod : admin.pods().inNamespace(NAMESPACE).list().getItems()) {
      load.computeIfPresent(pod.getSpec().getNodeName(), (n, c) -> c + 1);
    }
    return load.entrySet().stream()
        .min(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** The kubelet: the pod's containers run and its readiness probe passes. */
  private void ready(Pod pod) {
    admin
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Running")
                    .withPodIP("127.0.0.1")
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
    count(pod);
  }

  /** The ReplicaSet controller: one new pod for the one deleted, ready {@link #starting} later. */
  private void replace(Pod deleted) {
    var owner = deleted.getMetadata().getOwnerReferences();
    if (owner == null || owner.isEmpty()) {
      return;
    }
    ReplicaSet set =
        admin.apps().replicaSets().inNamespace(NAMESPACE).withName(owner.get(0).getName()).get();
    if (set == null) {
      return;
    }
    count(deleted);
    Pod made =
        admin
            .pods()
            .inNamespace(NAMESPACE)
            .resource(pod(set, deleted.getMetadata().getLabels().get("cloud")))
            .create();
    kubelet.schedule(() -> ready(made), starting.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The ReplicaSet's status: how many of its pods are ready now. */
  private synchronized void count(Pod any) {
    String setName = any.getMetadata().getOwnerReferences().get(0).getName();
    int ready =
        (int)
            pods().stream()
                .filter(p -> setName.equals(p.getMetadata().getLabels().get("app")))
                .filter(KubernetesCluster::isReady)
                .count();
    admin
        .apps()
        .replicaSets()
        .inNamespace(NAMESPACE)
        .withName(setName)
        .editStatus(
            s ->
                new ReplicaSetBuilder(s)
                    .editOrNewStatus()
                    .withReadyReplicas(ready)
                    .endStatus()
                    .build());
  }

  static boolean isReady(Pod pod) {
    return KubernetesFleet.state(pod) == dev.shakedown.fleet.InstanceState.RUNNING;
  }

  List<Pod> pods() {
    return admin.pods().inNamespace(NAMESPACE).list().getItems();
  }

  KubernetesClient admin() {
    return admin;
  }

  /** Every request that reached the API server since the last call, as {@code METHOD path}. */
  List<String> requests() {
    List<String> seen = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        seen.add(request.getMethod() + " " + request.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen;
  }

  /** Answers 403 to a delete of this pod, as an API server whose RBAC does not allow it. */
  void forbidDelete(String pod) {
    server
        .expect()
        .delete()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod)
        .andReturn(
            403,
            new StatusBuilder()
                .withApiVersion("v1")
                .withKind("Status")
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(
                    "pods \""
                        + pod
                        + "\" is forbidden: User \"shakedown\" cannot delete resource \"pods\" in"
                        + " API group \"\" in the namespace \""
                        + NAMESPACE
                        + "\"")
                .build())
        .always();
  }

  /** A kubeconfig for this cluster, as kubectl would read it, its user's token a bearer token. */
  Path kubeconfig(Path dir) throws IOException {
    URI api = URI.create(server.url("/"));
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster:
            server: http://127.0.0.1:%d
        users:
        - name: shakedown
          user:
            token: %s
        contexts:
        - name: stand-in
          context:
            cluster: stand-in
            user: shakedown
            namespace: %s
        current-context: stand-in
        """
            .formatted(api.getPort(), TOKEN, NAMESPACE));
  }

  /**
   * A Service's load balancer in front of the pods: each request goes to a ready pod in turn,
   * answered with X-Served-By naming the pod's cloud label.
   */
  URI service() throws IOException {
    HttpServer balancer =
        StandInHttp.balancer(
            () ->
                pods().stream()
                    .filter(KubernetesCluster::isReady)
                    .map(p -> p.getMetadata().getLabels().get("cloud"))
                    .toList());
    balancers.add(balancer);
    return StandInHttp.uri(balancer);
  }

  @Override
  public void close() {
    balancers.forEach(StandInHttp::stop);
    if (watch != null) {
      watch.close();
    }
    kubelet.shutdownNow();
    admin.close();
    server.destroy();
  }
}
