package dev.shakedown.fleet.kubernetes;

import dev.shakedown.fleet.Cached;
import dev.shakedown.fleet.CloudApiFleet;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.kubernetes.KubernetesAccess;
import dev.shakedown.poll.Poll;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The pods of one namespace that carry the given labels. A kill deletes a pod with grace period 0,
 * and its ReplicaSet or StatefulSet creates another (a StatefulSet under the same name, told apart
 * by its uid); a reboot is a graceful delete. A pod's zone is its node's {@code
 * topology.kubernetes.io/zone}; a zone outage cordons the zone's nodes first, so that the
 * replacements are scheduled elsewhere, and uncordons them after.
 */
final class KubernetesFleet extends CloudApiFleet {
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String CORDONED = "cordoned-nodes";

  /** The owners that create a pod again when one of theirs is deleted. */
  private static final Set<String> REPLACING = Set.of("ReplicaSet", "StatefulSet", "DaemonSet");

  private final KubernetesSettings settings;
  private final KubernetesClient client;
  private final Cached<Map<String, String>> zones;
  private volatile KubernetesClientException nodesRefused;

  KubernetesFleet(
      String cloud,
      KubernetesSettings settings,
      KubernetesClient client,
      boolean dryRun,
      Duration serveTimeout) {
    super(
        cloud,
        settings.pollInterval(),
        dryRun,
        serveTimeout,
        "no pod in namespace "
            + settings.namespace()
            + " has labels "
            + settings.selector()
            + "; check them with kubectl get pods -n "
            + settings.namespace()
            + " -l "
            + settings.selector());
    this.settings = settings;
    this.client = client;
    this.zones = described(this::nodeZones);
  }

  @Override
  protected List<Instance> list() {
    List<Pod> pods =
        call(
            "list",
            "pods",
            () ->
                client
                    .pods()
                    .inNamespace(settings.namespace())
                    .withLabels(settings.labels())
                    .list()
                    .getItems());
    Map<String, String> zoneOf = zones.get();
    List<Instance> instances = new ArrayList<>();
    pods.stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .forEach(pod -> instances.add(instance(pod, zoneOf)));
    return instances;
  }

  private Instance instance(Pod pod, Map<String, String> zoneOf) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("uid", String.valueOf(pod.getMetadata().getUid()));
    facts.put("node", node == null ? "not scheduled" : node);
    facts.put("phase", pod.getStatus() == null ? "?" : String.valueOf(pod.getStatus().getPhase()));
    owner(pod).ifPresent(o -> facts.put("owner", o.getKind() + "/" + o.getName()));
    URI address =
        settings.port() != null && ip != null && !ip.isBlank()
            ? URI.create(
                "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + settings.port())
            : null;
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null
            ? Map.of()
            : Map.copyOf(pod.getMetadata().getLabels());
    return new Instance(
        pod.getMetadata().getName(),
        cloud,
        node == null ? "" : zoneOf.getOrDefault(node, ""),
        address,
        state(pod),
        labels,
        facts);
  }

  /**
   * A pod's life as the API shows it (Pod lifecycle, kubernetes.io docs): one being deleted is
   * going; Running serves once its Ready condition is True (the Service sends it nothing before);
   * Pending is on its way; Succeeded and Failed are over.
   */
  static InstanceState state(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return InstanceState.TERMINATING;
    }
    String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
    return switch (phase) {
      case "Running" -> ready(pod) ? InstanceState.RUNNING : InstanceState.STARTING;
      case "Succeeded", "Failed" -> InstanceState.TERMINATED;
      default -> InstanceState.STARTING;
    };
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static java.util.Optional<OwnerReference> owner(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return java.util.Optional.empty();
    }
    return owners.stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .or(() -> owners.stream().findFirst());
  }

  /** Node name to zone; empty where the user may not list nodes (said when a zone is needed). */
  private Map<String, String> nodeZones() {
    try {
      Map<String, String> zoneOf = new TreeMap<>();
      for (Node node : client.nodes().list().getItems()) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels != null && labels.containsKey(ZONE_LABEL)) {
          zoneOf.put(node.getMetadata().getName(), labels.get(ZONE_LABEL));
        }
      }
      nodesRefused = null;
      return zoneOf;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw refused(e, "list", "nodes", null);
      }
      nodesRefused = e;
      return Map.of();
    }
  }

  @Override
  public void kill(Instance instance) {
    mutating("delete pod " + instance.qualifiedId());
    call(
        "delete",
        "pods",
        () ->
            client
                .pods()
                .inNamespace(settings.namespace())
                .withName(instance.id())
                .withGracePeriod(0)
                .delete());
    forget();
  }

  @Override
  public String howKilled() {
    return "abrupt: the pod is deleted with grace period 0 (the kubelet still stops its containers"
        + " with SIGTERM), and its owner creates another";
  }

  @Override
  public boolean replacesKilled(Instance instance) {
    String owner = instance.facts().getOrDefault("owner", "");
    return REPLACING.contains(owner.contains("/") ? owner.substring(0, owner.indexOf('/')) : "");
  }

  /**
   * A graceful delete (the pod's own grace period: its containers get SIGTERM and time to drain),
   * awaited until the pod no longer serves, so that a wait for the cloud whole again is not
   * answered by it.
   */
  @Override
  public void reboot(Instance instance) {
    mutating("delete pod " + instance.qualifiedId());
    call(
        "delete",
        "pods",
        () -> client.pods().inNamespace(settings.namespace()).withName(instance.id()).delete());
    forget();
    boolean gone =
        Poll.within(serveTimeout)
            .every(pollInterval)
            .until(
                () ->
                    instances().stream()
                        .noneMatch(
                            i ->
                                i.identity().equals(instance.identity())
                                    && i.state() == InstanceState.RUNNING));
    if (!gone) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': pod "
              + instance.id()
              + " was deleted gracefully but still served "
              + serveTimeout.toSeconds()
              + " s later (the cloud's safety.revertTimeout)");
    }
  }

  /** A pod is deleted and made again, never stopped: a rolling restart deletes them in turn. */
  @Override
  public boolean restartsByStopping() {
    return false;
  }

  @Override
  public List<CloudChange> toHoldStop(Instance instance) {
    throw new FleetException(
        "cloud '"
            + cloud
            + "': Kubernetes cannot stop a pod and start it again (a pod is deleted, and its"
            + " owner makes another); use 'is killed', or 'is rebooted' for a graceful delete");
  }

  @Override
  public void stop(Instance instance) {
    toHoldStop(instance);
  }

  @Override
  public void start(Instance instance) {
    toHoldStop(instance);
  }

  /**
   * Enough pods Running and Ready, and every ReplicaSet or StatefulSet that owns one with all its
   * replicas ready again: the controller's own word that it has made up for what was deleted.
   */
  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return awaitServing(
        count,
        timeout,
        () -> {
          List<Instance> now = instances();
          long ready = now.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
          if (ready < count) {
            return ready + " of " + count + " pods running and ready";
          }
          return ownersShort(now);
        });
  }

  /** The first owner short of ready replicas, in words; null when none is. */
  private String ownersShort(List<Instance> pods) {
    Set<String> owners = new TreeSet<>();
    pods.forEach(p -> owners.add(p.facts().getOrDefault("owner", "")));
    for (String owner : owners) {
      int slash = owner.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String kind = owner.substring(0, slash);
      String name = owner.substring(slash + 1);
      Integer want;
      Integer ready;
      try {
        if (kind.equals("ReplicaSet")) {
          var set =
              client.apps().replicaSets().inNamespace(settings.namespace()).withName(name).get();
          if (set == null || set.getStatus() == null) {
            continue;
          }
          want = set.getSpec().getReplicas();
          ready = set.getStatus().getReadyReplicas();
        } else if (kind.equals("StatefulSet")) {
          var set =
              client.apps().statefulSets().inNamespace(settings.namespace()).withName(name).get();
          if (set == null || set.getStatus() == null) {
            continue;
          }
          want = set.getSpec().getReplicas();
          ready = set.getStatus().getReadyReplicas();
        } else {
          continue;
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          continue; // the pods' own readiness is the word then
        }
        throw refused(
            e,
            "get",
            kind.equals("ReplicaSet") ? "replicasets" : "statefulsets",
            settings.namespace());
      }
      int wanted = want == null ? 1 : want;
      int readyNow = ready == null ? 0 : ready;
      if (readyNow < wanted) {
        return kind + " " + name + " has " + readyNow + " of " + wanted + " replicas ready";
      }
    }
    return null;
  }

  /**
   * Cordons the zone's schedulable nodes: without it the owners would make the deleted pods again
   * on the same nodes, and the outage would last a moment. Nodes someone else cordoned are left as
   * they are, before and after.
   */
  @Override
  public List<CloudChange> toHoldZoneOutage(String zone) {
    zones.get();
    if (nodesRefused != null) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + KubernetesAccess.explain(nodesRefused, client, "list", "nodes", null)
              + ", to know which pods run in zone "
              + zone);
    }
    List<String> daemons =
        instances().stream()
            .filter(p -> p.zone().equals(zone))
            .filter(p -> p.facts().getOrDefault("owner", "").startsWith("DaemonSet/"))
            .map(Instance::id)
            .toList();
    if (!daemons.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + String.join(", ", daemons)
              + " belong to a DaemonSet, whose pods run on cordoned nodes too: an outage of zone "
              + zone
              + " cannot hold for them; select the pods of a Deployment or StatefulSet");
    }
    List<Node> inZone =
        call(
            "list",
            "nodes",
            null,
            () -> client.nodes().withLabel(ZONE_LABEL, zone).list().getItems());
    if (inZone.isEmpty()) {
      throw new FleetException(
          "cloud '" + cloud + "': no node is in zone " + zone + " (label " + ZONE_LABEL + ")");
    }
    List<String> schedulable =
        inZone.stream()
            .filter(
                n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
            .map(n -> n.getMetadata().getName())
            .sorted()
            .toList();
    if (schedulable.isEmpty()) {
      return List.of();
    }
    return List.of(
        new CloudChange(
            CORDONED,
            zone,
            "cordon the nodes of zone "
                + zone
                + " ("
                + String.join(", ", schedulable)
                + ") so that no pod is scheduled back into it",
            Map.of(
                "zone",
                zone,
                "nodes",
                String.join(",", schedulable),
                "api",
                KubernetesAccess.apiOf(client))));
  }

  @Override
  public void apply(CloudChange change) {
    requireCordon(change);
    mutating("cordon the nodes of zone " + change.key());
    for (String node : nodes(change)) {
      schedulable(node, false);
    }
    forget();
  }

  @Override
  public String undo(CloudChange change) {
    requireCordon(change);
    mutating("uncordon the nodes of zone " + change.key());
    List<String> done = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (String node : nodes(change)) {
      if (schedulable(node, true)) {
        done.add(node);
      } else {
        gone.add(node);
      }
    }
    forget();
    return "uncordoned "
        + (done.isEmpty() ? "no node" : "nodes " + String.join(", ", done))
        + " of zone "
        + change.key()
        + " (read back: schedulable)"
        + (gone.isEmpty() ? "" : "; gone since: " + String.join(", ", gone));
  }

  /**
   * A cordon is undone in the cluster it was made in: node names repeat across clusters, and a
   * kubeconfig or context that has changed since would uncordon another cluster's nodes.
   */
  private void requireCordon(CloudChange change) {
    if (!CORDONED.equals(change.kind())) {
      throw new FleetException("cloud '" + cloud + "' makes no change of kind " + change.kind());
    }
    String madeIn = change.details().get("api");
    if (madeIn != null && !madeIn.equals(KubernetesAccess.apiOf(client))) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': the nodes of zone "
              + change.key()
              + " were cordoned in the cluster at "
              + madeIn
              + ", but the kubeconfig now reaches "
              + KubernetesAccess.apiOf(client)
              + "; point kubeconfig: and context: at that cluster, or kubectl uncordon "
              + String.join(" ", nodes(change))
              + " there");
    }
  }

  private static List<String> nodes(CloudChange change) {
    return List.of(change.details().getOrDefault("nodes", "").split(",")).stream()
        .filter(n -> !n.isBlank())
        .toList();
  }

  /**
   * Sets a node's {@code spec.unschedulable} to the opposite of {@code schedulable}, as kubectl
   * cordon and uncordon do, and reads it back.
   *
   * @return false when the node is gone (nothing to undo on it)
   */
  private boolean schedulable(String name, boolean schedulable) {
    Node now = call("get", "nodes", null, () -> client.nodes().withName(name).get());
    if (now == null) {
      return false;
    }
    call(
        "patch",
        "nodes",
        null,
        () ->
            client
                .nodes()
                .withName(name)
                .edit(
                    n ->
                        new NodeBuilder(n)
                            .editOrNewSpec()
                            .withUnschedulable(!schedulable)
                            .endSpec()
                            .build()));
    Node read = call("get", "nodes", null, () -> client.nodes().withName(name).get());
    boolean cordoned =
        read != null
            && read.getSpec() != null
            && Boolean.TRUE.equals(read.getSpec().getUnschedulable());
    if (read == null || cordoned == schedulable) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': node "
              + name
              + " reads back "
              + (read == null ? "gone" : cordoned ? "cordoned" : "schedulable")
              + " after it was "
              + (schedulable ? "uncordoned" : "cordoned"));
    }
    return true;
  }

  private <T> T call(String verb, String resource, Supplier<T> call) {
    return call(verb, resource, settings.namespace(), call);
  }

  private <T> T call(String verb, String resource, String namespace, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw refused(e, verb, resource, namespace);
    }
  }

  private FleetException refused(
      KubernetesClientException e, String verb, String resource, String namespace) {
    return new FleetException(
        "cloud '" + cloud + "': " + KubernetesAccess.explain(e, client, verb, resource, namespace));
  }

  @Override
  public void close() {
    client.close();
  }
}
