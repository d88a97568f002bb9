package dev.shakedown.fleet.aws;

import dev.shakedown.fleet.Cached;
import dev.shakedown.fleet.CloudApiFleet;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * A cloud's EC2 instances, and the Auto Scaling group that keeps them, as the APIs define them.
 *
 * <ul>
 *   <li>States: EC2's instance states (API_InstanceState: pending, running, stopping, stopped,
 *       shutting-down, terminated), and within a group its lifecycle states (Pending*, InService,
 *       Standby, Terminating*, ...) and health: only a running, InService, healthy member serves.
 *   <li>Kill is hard by default: EC2 TerminateInstances, and the group notices and replaces the
 *       instance (user guide, "Health checks for instances in an Auto Scaling group"); {@code kill:
 *       graceful} uses TerminateInstanceInAutoScalingGroup, which drains it first.
 *   <li>A stopped member would be found unhealthy and replaced ("the EC2 health check checks that
 *       the instance is running"): its stop is held by suspending the group's HealthCheck and
 *       ReplaceUnhealthy processes (API_SuspendProcesses) until it runs again.
 *   <li>A zone outage takes the zone's subnets out of the group (and suspends AZRebalance), so the
 *       group replaces what died in the other zones instead of straight back into the failed one.
 *   <li>Every Describe call is made at most once per pollInterval (the results are kept that long),
 *       whatever waits on them; throttling is retried by the SDK's adaptive strategy.
 * </ul>
 */
final class AwsFleet extends CloudApiFleet {
  /** Every state but terminated: what a group's capacity is made of, shutting-down included. */
  private static final List<String> LISTED =
      List.of("pending", "running", "stopping", "stopped", "shutting-down");

  static final String SUSPENDED_PROCESSES = "suspended-processes";
  static final String ZONE_OUT_OF_GROUP = "zone-out-of-group";
  static final String GROUP_TAG = "aws:autoscaling:groupName";
  private static final List<String> HEALTH_PROCESSES = List.of("HealthCheck", "ReplaceUnhealthy");
  private static final List<String> REPLACING_PROCESSES =
      List.of("Launch", "HealthCheck", "ReplaceUnhealthy");

  private final AwsSettings settings;
  private final AwsClients aws;
  private final Cached<AutoScalingGroup> group;
  private final Cached<List<TargetHealthDescription>> targets;

  /** Processes this fleet suspended and has not resumed yet, as group/process. */
  private final Set<String> suspendedHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

  AwsFleet(
      String cloud, AwsSettings settings, AwsClients aws, boolean dryRun, Duration serveTimeout) {
    super(
        cloud,
        settings.pollInterval(),
        dryRun,
        serveTimeout,
        "no EC2 instance matches "
            + settings.selector()
            + "; check the tags and the group's name in the config, and the region");
    this.settings = settings;
    this.aws = aws;
    this.group = described(() -> describeGroup(settings.autoScalingGroup()));
    this.targets = described(this::describeTargets);
  }

  @Override
  protected List<Instance> list() {
    Map<String, software.amazon.awssdk.services.autoscaling.model.Instance> members =
        new LinkedHashMap<>();
    if (settings.autoScalingGroup() != null) {
      group.get().instances().forEach(member -> members.put(member.instanceId(), member));
      if (members.isEmpty()) {
        return List.of();
      }
    }
    List<Filter> filters = new ArrayList<>();
    settings
        .tags()
        .forEach(
            (key, value) -> filters.add(Filter.builder().name("tag:" + key).values(value).build()));
    filters.add(Filter.builder().name("instance-state-name").values(LISTED).build());
    if (!members.isEmpty()) {
      // A filter, not InstanceIds: EC2's API is eventually consistent, and an id the group lists
      // before EC2 does would fail the whole call with InvalidInstanceID.NotFound (EC2 developer
      // guide, "Eventual consistency in the Amazon EC2 API").
      filters.add(Filter.builder().name("instance-id").values(members.keySet()).build());
    }
    List<Instance> instances = new ArrayList<>();
    AwsErrors.call(
        cloud,
        "ec2:DescribeInstances",
        () -> {
          for (Reservation reservation :
              aws.ec2().describeInstancesPaginator(r -> r.filters(filters)).reservations()) {
            reservation
                .instances()
                .forEach(i -> instances.add(view(i, members.get(i.instanceId()))));
          }
          return null;
        });
    instances.sort(java.util.Comparator.comparing(Instance::id));
    return List.copyOf(instances);
  }

  private Instance view(
      software.amazon.awssdk.services.ec2.model.Instance ec2,
      software.amazon.awssdk.services.autoscaling.model.Instance member) {
    Map<String, String> labels = new TreeMap<>();
    for (Tag tag : ec2.tags()) {
      labels.put(tag.key(), tag.value());
    }
    Map<String, String> facts = new TreeMap<>();
    facts.put("instance-type", String.valueOf(ec2.instanceTypeAsString()));
    if (ec2.instanceLifecycleAsString() != null) {
      facts.put("lifecycle", ec2.instanceLifecycleAsString());
    }
    String ec2State = ec2.state() == null ? "" : ec2.state().nameAsString();
    facts.put("ec2-state", ec2State);
    if (member != null) {
      facts.put("group-lifecycle", member.lifecycleStateAsString());
      facts.put("group-health", member.healthStatus());
    }
    String ip =
        settings.address() == AwsSettings.AddressKind.PUBLIC
            ? ec2.publicIpAddress()
            : ec2.privateIpAddress();
    return new Instance(
        ec2.instanceId(),
        cloud,
        ec2.placement() == null ? "" : ec2.placement().availabilityZone(),
        ip == null
            ? URI.create("http://0.0.0.0")
            : URI.create("http://" + ip + ":" + settings.port()),
        state(ec2State, member),
        Map.copyOf(labels),
        Map.copyOf(facts));
  }

  /**
   * EC2's state first (API_InstanceState); a running member of a group serves only once the group
   * has it InService and healthy (AutoScalingInstanceDetails.LifecycleState; health compared
   * without case, as the user guide's own examples print HEALTHY).
   */
  static InstanceState state(
      String ec2State, software.amazon.awssdk.services.autoscaling.model.Instance member) {
    InstanceState state =
        switch (ec2State) {
          case "pending" -> InstanceState.STARTING;
          case "running" -> InstanceState.RUNNING;
          case "stopping" -> InstanceState.STOPPING;
          case "stopped" -> InstanceState.STOPPED;
          case "shutting-down" -> InstanceState.TERMINATING;
          default -> InstanceState.TERMINATED;
        };
    if (state != InstanceState.RUNNING || member == null) {
      return state;
    }
    String lifecycle = String.valueOf(member.lifecycleStateAsString());
    if (lifecycle.startsWith("Pending") || lifecycle.startsWith("Warmed:Pending")) {
      return InstanceState.STARTING;
    }
    if (lifecycle.startsWith("Terminating")
        || lifecycle.startsWith("Warmed:Terminating")
        || lifecycle.equals("Detaching")) {
      return InstanceState.TERMINATING;
    }
    if (lifecycle.equals("Terminated") || lifecycle.equals("Detached")) {
      return InstanceState.TERMINATED;
    }
    if (!lifecycle.equals("InService")) {
      return InstanceState.STOPPED; // Standby, EnteringStandby, a warm pool: out of service
    }
    return "Unhealthy".equalsIgnoreCase(member.healthStatus())
        ? InstanceState.TERMINATING // the group is about to replace it
        : InstanceState.RUNNING;
  }

  private AutoScalingGroup describeGroup(String name) {
    List<AutoScalingGroup> groups =
        AwsErrors.call(
            cloud,
            "autoscaling:DescribeAutoScalingGroups",
            () ->
                aws.autoScaling()
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                    .autoScalingGroups());
    if (groups.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': no Auto Scaling group named "
              + name
              + " in "
              + settings.region()
              + "; check autoScalingGroup and region");
    }
    return groups.get(0);
  }

  private List<TargetHealthDescription> describeTargets() {
    return AwsErrors.call(
        cloud,
        "elasticloadbalancing:DescribeTargetHealth",
        () ->
            aws.loadBalancing()
                .describeTargetHealth(r -> r.targetGroupArn(settings.targetGroupArn()))
                .targetHealthDescriptions());
  }

  @Override
  public void kill(Instance instance) {
    mutating("terminate " + instance.id());
    if (settings.kill() == AwsSettings.KillMode.GRACEFUL) {
      AwsErrors.retryingNotFound(
          cloud,
          "autoscaling:TerminateInstanceInAutoScalingGroup",
          () ->
              aws.autoScaling()
                  .terminateInstanceInAutoScalingGroup(
                      r -> r.instanceId(instance.id()).shouldDecrementDesiredCapacity(false)));
    } else {
      AwsErrors.retryingNotFound(
          cloud,
          "ec2:TerminateInstances",
          () -> aws.ec2().terminateInstances(r -> r.instanceIds(instance.id())));
    }
    forget();
  }

  /**
   * Only a group replaces a terminated instance, and only while it launches and replaces: with
   * Launch, HealthCheck or ReplaceUnhealthy suspended (by anyone, a stop of this run included) the
   * instance would be gone until someone resumes them.
   */
  @Override
  public boolean replacesKilled(Instance instance) {
    String name = groupOf(instance);
    if (name == null) {
      return false;
    }
    Set<String> suspended = suspended(describeGroup(name));
    return REPLACING_PROCESSES.stream().noneMatch(suspended::contains);
  }

  @Override
  public String howKilled() {
    if (settings.kill() == AwsSettings.KillMode.GRACEFUL) {
      return "graceful: TerminateInstanceInAutoScalingGroup, drained from its target groups first";
    }
    return "hard: EC2 TerminateInstances, and its Auto Scaling group replaces it";
  }

  /**
   * A member of a group stops only with the group's health checks suspended; a Spot instance of a
   * one-time request cannot be stopped at all (EC2 answers UnsupportedOperation): refused first.
   */
  @Override
  public List<CloudChange> toHoldStop(Instance instance) {
    if ("spot".equals(instance.facts().get("lifecycle"))) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + instance.id()
              + " is a Spot instance, which EC2 stops only under a persistent request; refused"
              + " before anything was touched: kill it instead, or stop an On-Demand instance");
    }
    String name = groupOf(instance);
    if (name == null) {
      return List.of(); // nothing replaces a stopped instance of no group
    }
    // What this fleet suspended itself counts as not suspended, so that every stop of the group
    // names the same change and shares (and keeps open) the one suspension.
    Set<String> byOthers = new java.util.HashSet<>(suspended(describeGroup(name)));
    byOthers.removeIf(p -> suspendedHere.contains(name + "/" + p));
    List<String> needed = HEALTH_PROCESSES.stream().filter(p -> !byOthers.contains(p)).toList();
    if (needed.isEmpty()) {
      return List.of();
    }
    return List.of(
        new CloudChange(
            SUSPENDED_PROCESSES,
            name + ":" + String.join(",", needed),
            "suspend "
                + String.join(" and ", needed)
                + " of Auto Scaling group "
                + name
                + " while members are stopped (no member is health-checked meanwhile)",
            Map.of("group", name, "processes", String.join(",", needed))));
  }

  /**
   * The group an instance belongs to: the one the config names, or the one Auto Scaling tagged it
   * with (it tags every instance it launches aws:autoscaling:groupName: user guide, "Tag Auto
   * Scaling groups and instances"), so that instances selected by tags alone are held too.
   */
  private String groupOf(Instance instance) {
    return settings.autoScalingGroup() != null
        ? settings.autoScalingGroup()
        : instance.labels().get(GROUP_TAG);
  }

  /**
   * A zone outage holds when the group cannot launch back into the zone: its subnets there are
   * taken out of the group (VPCZoneIdentifier) and AZRebalance is suspended, so that the group
   * neither replaces into the zone nor moves instances back when it is restored. Refused when the
   * group has no subnet outside the zone.
   */
  @Override
  public List<CloudChange> toHoldZoneOutage(String zone) {
    List<String> names =
        instances().stream()
            .filter(i -> zone.equals(i.zone()))
            .map(this::groupOf)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    // Nothing relaunches an instance of no group: what dies in the zone stays dead.
    return names.stream().map(name -> zoneOut(name, zone)).toList();
  }

  private CloudChange zoneOut(String name, String zone) {
    AutoScalingGroup current = describeGroup(name);
    String identifier = current.vpcZoneIdentifier();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("group", name);
    details.put("zone", zone);
    if (identifier == null || identifier.isBlank()) {
      List<String> zones = current.availabilityZones();
      List<String> keep = zones.stream().filter(z -> !z.equals(zone)).toList();
      if (keep.isEmpty()) {
        throw refusedZone(name, zone, "all its zones are " + zone);
      }
      details.put("zones", String.join(",", zones));
      details.put("keepZones", String.join(",", keep));
    } else {
      List<String> subnets =
          Arrays.stream(identifier.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      Map<String, String> zoneOf = subnetZones(subnets);
      List<String> keep = subnets.stream().filter(s -> !zone.equals(zoneOf.get(s))).toList();
      if (keep.size() == subnets.size()) {
        throw refusedZone(name, zone, "none of its subnets " + subnets + " is in " + zone);
      }
      if (keep.isEmpty()) {
        throw refusedZone(name, zone, "all its subnets " + subnets + " are in " + zone);
      }
      details.put("subnets", String.join(",", subnets));
      details.put("keepSubnets", String.join(",", keep));
    }
    boolean rebalancing = !suspended(current).contains("AZRebalance");
    details.put("suspendAZRebalance", Boolean.toString(rebalancing));
    return new CloudChange(
        ZONE_OUT_OF_GROUP,
        name + ":" + zone,
        "take zone "
            + zone
            + " out of Auto Scaling group "
            + name
            + (rebalancing ? " and suspend its AZRebalance" : "")
            + " for the outage",
        Map.copyOf(details));
  }

  private FleetException refusedZone(String name, String zone, String why) {
    return new FleetException(
        "cloud '"
            + cloud
            + "': an outage of zone "
            + zone
            + " cannot hold in Auto Scaling group "
            + name
            + ": "
            + why
            + "; refused before anything was touched");
  }

  private Map<String, String> subnetZones(List<String> subnets) {
    List<Subnet> found =
        AwsErrors.call(
            cloud,
            "ec2:DescribeSubnets",
            () -> aws.ec2().describeSubnets(r -> r.subnetIds(subnets)).subnets());
    return found.stream().collect(Collectors.toMap(Subnet::subnetId, Subnet::availabilityZone));
  }

  @Override
  public void apply(CloudChange change) {
    mutating(change.description());
    String name = change.details().get("group");
    switch (change.kind()) {
      case SUSPENDED_PROCESSES -> {
        List<String> processes = List.of(change.details().get("processes").split(","));
        processes.forEach(p -> suspendedHere.add(name + "/" + p));
        suspend(name, processes);
      }
      case ZONE_OUT_OF_GROUP -> {
        if (Boolean.parseBoolean(change.details().get("suspendAZRebalance"))) {
          suspend(name, List.of("AZRebalance"));
        }
        placeGroup(change, false);
      }
      default -> super.apply(change);
    }
  }

  @Override
  public String undo(CloudChange change) {
    mutating("undo: " + change.description());
    String name = change.details().get("group");
    switch (change.kind()) {
      case SUSPENDED_PROCESSES -> {
        List<String> processes = List.of(change.details().get("processes").split(","));
        resume(name, processes);
        processes.forEach(p -> suspendedHere.remove(name + "/" + p));
        return "resumed " + String.join(" and ", processes) + " of group " + name;
      }
      case ZONE_OUT_OF_GROUP -> {
        placeGroup(change, true);
        if (Boolean.parseBoolean(change.details().get("suspendAZRebalance"))) {
          resume(name, List.of("AZRebalance"));
        }
        return "zone " + change.details().get("zone") + " is back in group " + name;
      }
      default -> {
        return super.undo(change);
      }
    }
  }

  private void suspend(String name, List<String> processes) {
    AwsErrors.call(
        cloud,
        "autoscaling:SuspendProcesses",
        () ->
            aws.autoScaling()
                .suspendProcesses(r -> r.autoScalingGroupName(name).scalingProcesses(processes)));
    forget();
    if (!suspended(describeGroup(name)).containsAll(processes)) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + processes
              + " of group "
              + name
              + " still run after SuspendProcesses");
    }
  }

  private void resume(String name, List<String> processes) {
    AwsErrors.call(
        cloud,
        "autoscaling:ResumeProcesses",
        () ->
            aws.autoScaling()
                .resumeProcesses(r -> r.autoScalingGroupName(name).scalingProcesses(processes)));
    forget();
    Set<String> still = suspended(describeGroup(name));
    if (processes.stream().anyMatch(still::contains)) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + processes
              + " of group "
              + name
              + " are still suspended after ResumeProcesses");
    }
  }

  /**
   * Takes the zone's subnets (or the zone) out of the group, or puts them back: an edit of what the
   * group has now, not a snapshot written back, so that a second outage, a parallel revert or an
   * operator's change meanwhile is neither undone nor reported as restored when it is not.
   */
  private void placeGroup(CloudChange change, boolean back) {
    String name = change.details().get("group");
    boolean bySubnets = change.details().containsKey("subnets");
    List<String> all = split(change.details().get(bySubnets ? "subnets" : "zones"));
    List<String> keep = split(change.details().get(bySubnets ? "keepSubnets" : "keepZones"));
    List<String> out = all.stream().filter(s -> !keep.contains(s)).toList();
    AutoScalingGroup before = describeGroup(name);
    List<String> current =
        bySubnets ? split(before.vpcZoneIdentifier()) : before.availabilityZones();
    java.util.LinkedHashSet<String> wanted = new java.util.LinkedHashSet<>(current);
    if (back) {
      // In the group's own order, with whatever was added meanwhile after it.
      wanted.clear();
      all.stream().filter(s -> current.contains(s) || out.contains(s)).forEach(wanted::add);
      wanted.addAll(current);
    } else {
      wanted.removeAll(out);
      if (wanted.isEmpty()) {
        throw refusedZone(name, change.details().get("zone"), "no subnet would be left to it");
      }
    }
    AwsErrors.call(
        cloud,
        "autoscaling:UpdateAutoScalingGroup",
        () ->
            aws.autoScaling()
                .updateAutoScalingGroup(
                    r -> {
                      r.autoScalingGroupName(name);
                      if (bySubnets) {
                        r.vpcZoneIdentifier(String.join(",", wanted));
                      } else {
                        r.availabilityZones(wanted);
                      }
                    }));
    forget();
    AutoScalingGroup now = describeGroup(name);
    List<String> placed = bySubnets ? split(now.vpcZoneIdentifier()) : now.availabilityZones();
    boolean held = back ? placed.containsAll(out) : out.stream().noneMatch(placed::contains);
    if (!held) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': group "
              + name
              + " reads back as placed in "
              + placed
              + ", "
              + (back ? "still without " : "still with ")
              + out);
    }
  }

  private static List<String> split(String list) {
    return list == null
        ? List.of()
        : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Set<String> suspended(AutoScalingGroup group) {
    return group.suspendedProcesses().stream()
        .map(SuspendedProcess::processName)
        .collect(Collectors.toSet());
  }

  @Override
  public void stop(Instance instance) {
    mutating("stop " + instance.id());
    AwsErrors.retryingNotFound(
        cloud,
        "ec2:StopInstances",
        () -> aws.ec2().stopInstances(r -> r.instanceIds(instance.id())));
    forget();
    // Only a stopped instance can be started (API_StartInstances): a stop is done when it is
    // stopped, not while it is stopping.
    awaitState(instance, InstanceState.STOPPED, settings.stateTimeout());
  }

  /** Starts it, and returns once it serves again: running, and in service where it belongs. */
  @Override
  public void start(Instance instance) {
    mutating("start " + instance.id());
    if (stateOf(instance) == InstanceState.STOPPING) {
      // EC2 refuses to start a stopping instance (IncorrectInstanceState): a revert that comes
      // while the stop is under way (Ctrl-C, a sweep after a kill) lets it finish first.
      awaitState(instance, InstanceState.STOPPED, settings.stateTimeout());
    }
    AwsErrors.retryingNotFound(
        cloud,
        "ec2:StartInstances",
        () -> aws.ec2().startInstances(r -> r.instanceIds(instance.id())));
    forget();
    awaitState(instance, InstanceState.RUNNING, settings.stateTimeout().plus(serveTimeout));
    if (settings.targetGroupArn() != null) {
      awaitServing(
          1,
          serveTimeout,
          () ->
              healthyTargets(List.of(instance.id())) == 1
                  ? null
                  : instance.id() + " is not healthy in target group " + settings.targetGroupArn());
    }
  }

  /** Waits until the instance is {@code wanted}, through the states on the way. */
  private void awaitState(Instance instance, InstanceState wanted, Duration timeout) {
    awaitServing(
        1,
        timeout,
        () -> {
          InstanceState now = stateOf(instance);
          if (now == InstanceState.TERMINATED || now == InstanceState.TERMINATING) {
            throw new FleetException(
                "cloud '"
                    + cloud
                    + "': "
                    + instance.id()
                    + " is "
                    + lower(now)
                    + ", so it will never be "
                    + lower(wanted));
          }
          return now == wanted
              ? null
              : instance.id() + " is " + lower(now) + ", not " + lower(wanted);
        });
  }

  private InstanceState stateOf(Instance instance) {
    return instances().stream()
        .filter(i -> i.id().equals(instance.id()))
        .map(Instance::state)
        .findFirst()
        .orElse(InstanceState.TERMINATED);
  }

  @Override
  public void reboot(Instance instance) {
    mutating("reboot " + instance.id());
    AwsErrors.retryingNotFound(
        cloud,
        "ec2:RebootInstances",
        () -> aws.ec2().rebootInstances(r -> r.instanceIds(instance.id())));
    forget();
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return awaitServing(count, timeout, () -> healthy(count));
  }

  /**
   * Null when {@code count} serve: running and, in a group, InService and healthy, and, with a
   * target group, healthy there (this cloud's targets only); otherwise what is missing.
   */
  private String healthy(int count) {
    List<Instance> serving =
        instances().stream().filter(i -> i.state() == InstanceState.RUNNING).toList();
    if (serving.size() < count) {
      return serving.size()
          + " of "
          + count
          + (settings.autoScalingGroup() == null
              ? " running"
              : " running, in service and healthy in group " + settings.autoScalingGroup());
    }
    if (settings.targetGroupArn() != null) {
      long healthy = healthyTargets(serving.stream().map(Instance::id).toList());
      if (healthy < count) {
        return healthy + " of " + count + " healthy in target group " + settings.targetGroupArn();
      }
    }
    return null;
  }

  /** How many of {@code ids} the target group calls healthy (API_TargetHealth: healthy). */
  private long healthyTargets(List<String> ids) {
    return targets.get().stream()
        .filter(d -> d.target() != null && ids.contains(d.target().id()))
        .filter(
            d ->
                d.targetHealth() != null
                    && d.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
        .count();
  }

  private static String lower(InstanceState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    aws.close();
  }
}
