package dev.shakedown.fleet.gcp;

import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersStartInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersStopInstancesRequest;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersStartInstancesRequest;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersStopInstancesRequest;
import com.google.cloud.compute.v1.ResetInstanceRequest;
import com.google.cloud.compute.v1.StartInstanceRequest;
import com.google.cloud.compute.v1.StartInstancesInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.StartInstancesRegionInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.StopInstanceRequest;
import com.google.cloud.compute.v1.StopInstancesInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.StopInstancesRegionInstanceGroupManagerRequest;
import dev.shakedown.fleet.Cached;
import dev.shakedown.fleet.CloudApiFleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.poll.Poll;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A cloud's Compute Engine instances, and the managed instance group (MIG) that keeps them, as the
 * Compute API defines them.
 *
 * <ul>
 *   <li>States: the instance's status (Instance resource: PROVISIONING, STAGING, RUNNING, STOPPING,
 *       SUSPENDING, SUSPENDED, REPAIRING, TERMINATED, which is a stopped instance, ...), and within
 *       a MIG the member's currentAction and health (ManagedInstance): only a RUNNING member with
 *       no action under way (NONE) and healthy where it is health-checked serves.
 *   <li>Identity: a MIG recreates a deleted member under the same name with a new numeric id, so
 *       the id is a fact ({@code uid}) and a replacement is told from the instance it replaced.
 *   <li>Kill is hard: instances.delete, and the MIG recreates the instance. Stop of a MIG member is
 *       the MIG's own (instanceGroupManagers.stopInstances): a member stopped outside its MIG is
 *       repaired, that is recreated. A zone outage is refused on MIG members: the MIG recreates a
 *       member in its own zone, so the outage would not hold.
 *   <li>Every list call is made at most once per pollInterval; rateLimitExceeded (HTTP 403) is
 *       retried with backoff and, if it lasts, reported as throttling, not as a missing role.
 * </ul>
 */
final class GcpFleet extends CloudApiFleet {
  private static final String CREATED_BY = "created-by";
  private static final int MAX_NAMES_IN_FILTER = 40;

  private final GcpSettings settings;
  private final GcpClients gcp;
  private final GcpCalls calls;
  private final Cached<List<ManagedInstance>> members;
  // Zones this cloud's instances were seen in: an unreachable one would hide some of them.
  private final Set<String> knownZones = java.util.concurrent.ConcurrentHashMap.newKeySet();

  GcpFleet(
      String cloud, GcpSettings settings, GcpClients gcp, boolean dryRun, Duration serveTimeout) {
    super(
        cloud,
        settings.pollInterval(),
        dryRun,
        serveTimeout,
        "no Compute Engine instance matches "
            + settings.selector()
            + "; check the labels, the group's name and its zone or region");
    this.settings = settings;
    this.gcp = gcp;
    this.calls = new GcpCalls(cloud, settings.project());
    this.members = described(this::listMembers);
  }

  /**
   * One aggregatedList call for every instance (named, for a group's members), and one
   * listManagedInstances for a group: never a call per instance.
   */
  @Override
  protected List<Instance> list() {
    // By zone and name: a name is unique in its zone only, and another zone may reuse it.
    Map<String, ManagedInstance> byName = new LinkedHashMap<>();
    if (settings.instanceGroup() != null) {
      members
          .get()
          .forEach(
              m ->
                  byName.put(
                      segment(m.getInstance(), "zones")
                          + "/"
                          + segment(m.getInstance(), "instances"),
                      m));
      if (byName.isEmpty()) {
        return List.of();
      }
    }
    // A group's members say which zones matter; by labels, the zones seen so far do.
    byName.values().forEach(m -> knownZones.add(segment(m.getInstance(), "zones")));
    Map<String, com.google.cloud.compute.v1.Instance> found = new LinkedHashMap<>();
    Set<String> names = new TreeSet<>();
    byName.values().forEach(m -> names.add(segment(m.getInstance(), "instances")));
    aggregated(filter(names))
        .forEach(i -> found.put(segment(i.getZone(), "zones") + "/" + i.getName(), i));
    List<Instance> instances = new ArrayList<>();
    if (settings.instanceGroup() == null) {
      found.values().stream()
          .filter(this::hasLabels)
          .map(i -> view(i, null))
          .forEach(instances::add);
    } else {
      for (var member : byName.entrySet()) {
        com.google.cloud.compute.v1.Instance instance = found.get(member.getKey());
        if (instance == null) {
          instances.add(
              memberOnly(segment(member.getValue().getInstance(), "instances"), member.getValue()));
        } else if (hasLabels(instance)) {
          instances.add(view(instance, member.getValue()));
        }
      }
    }
    instances.forEach(i -> knownZones.add(i.zone()));
    instances.sort(Comparator.comparing(Instance::id));
    return List.copyOf(instances);
  }

  private List<com.google.cloud.compute.v1.Instance> aggregated(String filter) {
    AggregatedListInstancesRequest.Builder request =
        AggregatedListInstancesRequest.newBuilder()
            .setProject(settings.project())
            // One unreachable zone of the project fails the whole list without it.
            .setReturnPartialSuccess(true);
    if (!filter.isEmpty()) {
      request.setFilter(filter);
    }
    List<com.google.cloud.compute.v1.Instance> instances = new ArrayList<>();
    Set<String> unreachable = new LinkedHashSet<>();
    calls.call(
        "compute.instances.list",
        () -> {
          instances.clear();
          unreachable.clear();
          for (var page : gcp.instances().aggregatedList(request.build()).iteratePages()) {
            unreachable.addAll(page.getResponse().getUnreachablesList());
            for (Map.Entry<String, InstancesScopedList> zone : page.getValues()) {
              instances.addAll(zone.getValue().getInstancesList());
            }
          }
          return null;
        });
    // Before anything was seen, by labels alone, any zone may hold this cloud's instances.
    List<String> ours =
        unreachable.stream()
            .map(scope -> segment(scope, "zones"))
            .filter(zone -> knownZones.isEmpty() || knownZones.contains(zone))
            .toList();
    if (!ours.isEmpty()) {
      // A listing without them would count instances there as gone: no decision is made on it.
      throw new FleetException(
          "cloud '"
              + cloud
              + "': Compute could not list zones "
              + ours
              + " just now (unreachable), where this cloud's instances may be; try again shortly");
    }
    return instances;
  }

  /** Labels, and the names of a group's members: what the list asks Compute for. */
  private String filter(Set<String> names) {
    List<String> terms = new ArrayList<>();
    new TreeMap<>(settings.labels())
        .forEach((k, v) -> terms.add("(labels." + k + " = \"" + v + "\")"));
    // A long list of names would make a long URL; past a few dozen, the names are matched here.
    if (!names.isEmpty() && names.size() <= MAX_NAMES_IN_FILTER) {
      terms.add(
          "("
              + String.join(" OR ", names.stream().map(n -> "(name = \"" + n + "\")").toList())
              + ")");
    }
    return String.join(" AND ", terms);
  }

  private boolean hasLabels(com.google.cloud.compute.v1.Instance instance) {
    return settings.labels().entrySet().stream()
        .allMatch(l -> l.getValue().equals(instance.getLabelsMap().get(l.getKey())));
  }

  private List<ManagedInstance> listMembers() {
    List<ManagedInstance> managed = new ArrayList<>();
    if (settings.zone() != null) {
      calls.call(
          "compute.instanceGroupManagers.list",
          () -> {
            managed.clear();
            gcp.groups()
                .listManagedInstances(settings.project(), settings.zone(), settings.instanceGroup())
                .iterateAll()
                .forEach(managed::add);
            return null;
          });
    } else {
      calls.call(
          "compute.instanceGroupManagers.list",
          () -> {
            managed.clear();
            gcp.regionGroups()
                .listManagedInstances(
                    settings.project(), settings.region(), settings.instanceGroup())
                .iterateAll()
                .forEach(managed::add);
            return null;
          });
    }
    return managed;
  }

  private Instance view(com.google.cloud.compute.v1.Instance instance, ManagedInstance member) {
    String ip = null;
    if (instance.getNetworkInterfacesCount() > 0) {
      var network = instance.getNetworkInterfaces(0);
      ip =
          settings.address() == GcpSettings.AddressKind.PUBLIC
              ? (network.getAccessConfigsCount() > 0
                  ? network.getAccessConfigs(0).getNatIP()
                  : null)
              : network.getNetworkIP();
    }
    Map<String, String> facts = new TreeMap<>();
    facts.put("uid", Long.toUnsignedString(instance.getId()));
    facts.put("machine-type", segment(instance.getMachineType(), "machineTypes"));
    facts.put("status", instance.getStatus());
    group(instance).ifPresent(group -> facts.put("group", group.path()));
    if (member != null) {
      facts.put("group-action", member.getCurrentAction());
    }
    return new Instance(
        instance.getName(),
        cloud,
        segment(instance.getZone(), "zones"),
        ip == null || ip.isEmpty()
            ? URI.create("http://0.0.0.0")
            : URI.create("http://" + ip + ":" + settings.port()),
        state(instance.getStatus(), member),
        Map.copyOf(new TreeMap<>(instance.getLabelsMap())),
        Map.copyOf(facts));
  }

  /** A member the group lists whose instance Compute does not (yet): being created, or deleted. */
  private Instance memberOnly(String name, ManagedInstance member) {
    Map<String, String> facts = new TreeMap<>();
    if (member.hasId()) {
      facts.put("uid", Long.toUnsignedString(member.getId()));
    }
    facts.put("group-action", member.getCurrentAction());
    facts.put("group", configuredGroup().path());
    return new Instance(
        name,
        cloud,
        segment(member.getInstance(), "zones"),
        URI.create("http://0.0.0.0"),
        state(member.getInstanceStatus(), member),
        Map.of(),
        Map.copyOf(facts));
  }

  /**
   * The instance's status (Instance.status), then, for a member of a group, what the group is doing
   * with it (ManagedInstance.currentAction) and its health (instanceHealth.detailedHealthState).
   */
  static InstanceState state(String status, ManagedInstance member) {
    InstanceState state =
        switch (status == null ? "" : status) {
          case "PROVISIONING", "STAGING", "REPAIRING", "PENDING" -> InstanceState.STARTING;
          case "RUNNING" -> InstanceState.RUNNING;
          // On its way to stopped, or to deleted: either way not serving, and not yet there.
          case "STOPPING", "SUSPENDING", "PENDING_STOP", "DEPROVISIONING" -> InstanceState.STOPPING;
          case "TERMINATED", "STOPPED", "SUSPENDED" -> InstanceState.STOPPED;
          case "" -> member == null ? InstanceState.TERMINATED : InstanceState.STARTING;
          default -> InstanceState.TERMINATED;
        };
    if (member == null) {
      return state;
    }
    String action = member.getCurrentAction();
    switch (action) {
      case "NONE" -> {
        if (state != InstanceState.RUNNING) {
          return state;
        }
        boolean healthy =
            member.getInstanceHealthList().stream()
                .allMatch(h -> "HEALTHY".equals(h.getDetailedHealthState()));
        boolean draining =
            member.getInstanceHealthList().stream()
                .anyMatch(h -> "DRAINING".equals(h.getDetailedHealthState()));
        return healthy
            ? InstanceState.RUNNING
            : draining ? InstanceState.TERMINATING : InstanceState.STARTING;
      }
      case "DELETING", "ABANDONING" -> {
        return InstanceState.TERMINATING;
      }
      case "STOPPING", "SUSPENDING" -> {
        return state == InstanceState.STOPPED ? state : InstanceState.STOPPING;
      }
      default -> {
        // CREATING, CREATING_WITHOUT_RETRIES, RECREATING, REFRESHING, RESTARTING, STARTING,
        // RESUMING, VERIFYING: on its way back, not serving yet.
        return state == InstanceState.TERMINATED ? state : InstanceState.STARTING;
      }
    }
  }

  /** The segment after {@code key} in a resource URL: zones/<zone>, instances/<name>. */
  static String segment(String url, String key) {
    String[] parts = url == null ? new String[0] : url.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals(key)) {
        return parts[i + 1];
      }
    }
    return url == null ? "" : url;
  }

  /** A managed instance group, zonal or regional. */
  record Group(String name, String zone, String region) {
    String path() {
      return (zone != null ? "zones/" + zone : "regions/" + region)
          + "/instanceGroupManagers/"
          + name;
    }

    /** From {@code projects/123/zones/z/instanceGroupManagers/g} (or regions/r). */
    static Optional<Group> parse(String url) {
      String name = segment(url, "instanceGroupManagers");
      if (name.equals(url)) {
        return Optional.empty();
      }
      String zone = segment(url, "zones");
      String region = segment(url, "regions");
      return Optional.of(
          new Group(name, zone.equals(url) ? null : zone, region.equals(url) ? null : region));
    }
  }

  private Group configuredGroup() {
    return new Group(settings.instanceGroup(), settings.zone(), settings.region());
  }

  /**
   * The group an instance belongs to: the one the config names, or the one that created it (a MIG
   * sets the {@code created-by} metadata of every instance it creates), so that instances selected
   * by labels alone are stopped through their group too.
   */
  private Optional<Group> group(com.google.cloud.compute.v1.Instance instance) {
    if (settings.instanceGroup() != null) {
      return Optional.of(configuredGroup());
    }
    return instance.getMetadata().getItemsList().stream()
        .filter(item -> CREATED_BY.equals(item.getKey()))
        .map(Items::getValue)
        .findFirst()
        .flatMap(Group::parse);
  }

  private Optional<Group> group(Instance instance) {
    if (settings.instanceGroup() != null) {
      return Optional.of(configuredGroup());
    }
    return Optional.ofNullable(instance.facts().get("group")).flatMap(Group::parse);
  }

  /** What the listing shows of it now (its facts say which group it is in), or it as given. */
  private Instance current(Instance instance) {
    return instances().stream()
        .filter(i -> i.id().equals(instance.id()))
        .findFirst()
        .orElse(instance);
  }

  @Override
  public void kill(Instance instance) {
    mutating("delete " + instance.id());
    operation(
        "compute.instances.delete",
        instance,
        id ->
            gcp.instances()
                .deleteCallable()
                .call(
                    DeleteInstanceRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(instance.zone())
                        .setInstance(instance.id())
                        .setRequestId(id)
                        .build()));
  }

  /** Only a managed instance group recreates a deleted instance. */
  @Override
  public boolean replacesKilled(Instance instance) {
    return group(instance).isPresent();
  }

  @Override
  public String howKilled() {
    return "hard: Compute instances.delete"
        + (settings.instanceGroup() == null
            ? ""
            : ", and managed instance group "
                + settings.instanceGroup()
                + " recreates it under the same name");
  }

  /**
   * A MIG recreates a deleted member in its own zone: an outage of a zone of MIG members would not
   * hold. Refused, saying so.
   */
  @Override
  public List<dev.shakedown.fleet.CloudChange> toHoldZoneOutage(String zone) {
    List<String> groups =
        instances().stream()
            .filter(i -> zone.equals(i.zone()))
            .map(this::group)
            .flatMap(Optional::stream)
            .map(Group::name)
            .distinct()
            .sorted()
            .toList();
    if (!groups.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': an outage of zone "
              + zone
              + " cannot hold in managed instance group "
              + String.join(", ", groups)
              + ": the group recreates a deleted member in its own zone, and Shakedown does not"
              + " change a group's zones; refused before anything was touched. Kill the zone's"
              + " instances instead, or cut the zone off with a network fault");
    }
    return List.of();
  }

  /**
   * Stops it and returns once it is stopped. A member of a group is stopped through the group
   * (instanceGroupManagers.stopInstances), which then keeps it stopped; one stopped outside its
   * group would be repaired, that is recreated.
   */
  @Override
  public void stop(Instance instance) {
    mutating("stop " + instance.id());
    Instance now = current(instance);
    String member = "zones/" + now.zone() + "/instances/" + now.id();
    onMember(
        now,
        "compute.instances.stop",
        (g, id) ->
            gcp.groups()
                .stopInstancesCallable()
                .call(
                    StopInstancesInstanceGroupManagerRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(g.zone())
                        .setInstanceGroupManager(g.name())
                        .setInstanceGroupManagersStopInstancesRequestResource(
                            InstanceGroupManagersStopInstancesRequest.newBuilder()
                                .addInstances(member))
                        .setRequestId(id)
                        .build()),
        (g, id) ->
            gcp.regionGroups()
                .stopInstancesCallable()
                .call(
                    StopInstancesRegionInstanceGroupManagerRequest.newBuilder()
                        .setProject(settings.project())
                        .setRegion(g.region())
                        .setInstanceGroupManager(g.name())
                        .setRegionInstanceGroupManagersStopInstancesRequestResource(
                            RegionInstanceGroupManagersStopInstancesRequest.newBuilder()
                                .addInstances(member))
                        .setRequestId(id)
                        .build()),
        id ->
            gcp.instances()
                .stopCallable()
                .call(
                    StopInstanceRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(now.zone())
                        .setInstance(now.id())
                        .setRequestId(id)
                        .build()));
    // A group's operation is done when it takes the request, not when the instance is stopped
    // (instanceGroupManagers.stopInstances: "verify the status of the STOPPING action").
    awaitState(now, InstanceState.STOPPED, settings.operationTimeout());
  }

  /** Starts it, and returns once it serves: running and, in its group, settled and healthy. */
  @Override
  public void start(Instance instance) {
    mutating("start " + instance.id());
    Instance now = current(instance);
    if (now.state() == InstanceState.STOPPING) {
      // A revert that comes while the stop is under way (Ctrl-C, a sweep after a kill): Compute
      // starts a stopped instance, not a stopping one, so the stop finishes first.
      awaitState(now, InstanceState.STOPPED, settings.operationTimeout());
    }
    String member = "zones/" + now.zone() + "/instances/" + now.id();
    onMember(
        now,
        "compute.instances.start",
        (g, id) ->
            gcp.groups()
                .startInstancesCallable()
                .call(
                    StartInstancesInstanceGroupManagerRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(g.zone())
                        .setInstanceGroupManager(g.name())
                        .setInstanceGroupManagersStartInstancesRequestResource(
                            InstanceGroupManagersStartInstancesRequest.newBuilder()
                                .addInstances(member))
                        .setRequestId(id)
                        .build()),
        (g, id) ->
            gcp.regionGroups()
                .startInstancesCallable()
                .call(
                    StartInstancesRegionInstanceGroupManagerRequest.newBuilder()
                        .setProject(settings.project())
                        .setRegion(g.region())
                        .setInstanceGroupManager(g.name())
                        .setRegionInstanceGroupManagersStartInstancesRequestResource(
                            RegionInstanceGroupManagersStartInstancesRequest.newBuilder()
                                .addInstances(member))
                        .setRequestId(id)
                        .build()),
        id ->
            gcp.instances()
                .startCallable()
                .call(
                    StartInstanceRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(now.zone())
                        .setInstance(now.id())
                        .setRequestId(id)
                        .build()));
    awaitState(now, InstanceState.RUNNING, settings.operationTimeout().plus(serveTimeout));
  }

  /**
   * One change of an instance: through its group (zonal or regional), which would otherwise undo
   * it, or on the instance itself when it has none.
   */
  private void onMember(
      Instance now,
      String alonePermission,
      java.util.function.BiFunction<Group, String, Operation> zonal,
      java.util.function.BiFunction<Group, String, Operation> regional,
      java.util.function.Function<String, Operation> alone) {
    Optional<Group> group = group(now);
    if (group.isPresent()) {
      Group g = group.get();
      operation(
          "compute.instanceGroupManagers.update",
          now,
          id -> g.zone() != null ? zonal.apply(g, id) : regional.apply(g, id));
    } else {
      operation(alonePermission, now, alone);
    }
  }

  @Override
  public void reboot(Instance instance) {
    mutating("reset " + instance.id());
    operation(
        "compute.instances.reset",
        instance,
        id ->
            gcp.instances()
                .resetCallable()
                .call(
                    ResetInstanceRequest.newBuilder()
                        .setProject(settings.project())
                        .setZone(instance.zone())
                        .setInstance(instance.id())
                        .setRequestId(id)
                        .build()));
  }

  /** Waits until the instance (this very one, by its uid) is {@code wanted}. */
  private void awaitState(Instance instance, InstanceState wanted, Duration timeout) {
    String identity = instance.identity();
    awaitServing(
        1,
        timeout,
        () -> {
          Optional<Instance> seen =
              instances().stream().filter(i -> i.id().equals(instance.id())).findFirst();
          if (seen.isEmpty() || !seen.get().identity().equals(identity)) {
            throw new FleetException(
                "cloud '"
                    + cloud
                    + "': "
                    + instance.id()
                    + (seen.isEmpty() ? " is gone" : " was recreated as another instance")
                    + ", so it will never be "
                    + lower(wanted));
          }
          InstanceState now = seen.get().state();
          return now == wanted
              ? null
              : instance.id() + " is " + lower(now) + ", not " + lower(wanted);
        });
  }

  /**
   * Sends a change and follows its operation until DONE, each poll once per pollInterval. One
   * request id for every attempt: a retried request that Compute already took is not done twice
   * (the requestId parameter of every mutating method).
   */
  private void operation(
      String permission, Instance instance, java.util.function.Function<String, Operation> send) {
    String requestId = java.util.UUID.randomUUID().toString();
    try {
      Operation[] latest = {calls.call(permission, () -> send.apply(requestId))};
      boolean[] asked = {false};
      Operation operation =
          Poll.within(settings.operationTimeout())
              .named("the Compute Engine operation of " + permission)
              .every(pollInterval)
              .until(
                  () -> {
                    if (asked[0]) {
                      latest[0] = poll(latest[0]);
                    }
                    asked[0] = true;
                    return Optional.of(latest[0])
                        .filter(op -> op.getStatus() == Operation.Status.DONE);
                  })
              .orElseThrow(
                  () ->
                      new FleetException(
                          "cloud '"
                              + cloud
                              + "': "
                              + permission
                              + " on "
                              + instance.id()
                              + " did not finish within "
                              + settings.operationTimeout().toSeconds()
                              + " s (operationTimeout)"));
      if (operation.hasError() && operation.getError().getErrorsCount() > 0) {
        throw new FleetException(
            "cloud '"
                + cloud
                + "': "
                + permission
                + " on "
                + instance.id()
                + " failed: "
                + String.join(
                    "; ",
                    operation.getError().getErrorsList().stream()
                        .map(e -> e.getCode() + ": " + e.getMessage())
                        .toList()));
      }
    } finally {
      forget();
    }
  }

  /**
   * The operation now: a zonal one from its zone, a regional one (a regional group's) from its
   * region.
   */
  private Operation poll(Operation operation) {
    String name = operation.getName();
    if (!operation.getZone().isEmpty()) {
      String zone = segment(operation.getZone(), "zones");
      return calls.call(
          "compute.zoneOperations.get", () -> gcp.operations().get(settings.project(), zone, name));
    }
    String region = segment(operation.getRegion(), "regions");
    return calls.call(
        "compute.regionOperations.get",
        () -> gcp.regionOperations().get(settings.project(), region, name));
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return awaitRunning(
        count,
        timeout,
        settings.instanceGroup() == null
            ? "running"
            : "running, settled and healthy in group " + settings.instanceGroup());
  }

  private static String lower(InstanceState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    gcp.close();
  }
}
