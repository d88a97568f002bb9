package dev.shakedown.fleet.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful stand-in for EC2, Auto Scaling and ELBv2 (Query protocol, bodies as in the API
 * references) that moves through states over time as the real services do, rather than jumping to
 * the end: an instance is stopping before it is stopped, pending before running, shutting-down
 * before terminated; a group's health check finds a member that is not running unhealthy and
 * replaces it (unless HealthCheck or ReplaceUnhealthy are suspended); a member terminated in the
 * group drains first; a new member is Pending before InService, and in a zone of the group's
 * current subnets; an id just launched is unknown to DescribeInstances for a moment; Describe calls
 * can be throttled in bursts. Every duration is settable per test; all are 0 by default.
 */
final class AutoScalingGroups implements ResponseDefinitionTransformerV2 {
  static final String NAME = "auto-scaling-groups";

  /** The tag Auto Scaling puts on every instance it launches, naming its group. */
  static final String GROUP_TAG = "aws:autoscaling:groupName";

  private static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final String AUTO_SCALING = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  private static final String ELB = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

  /** How long each transition takes, in milliseconds. */
  volatile long stopping;

  volatile long pending;
  volatile long shuttingDown;

  /** From a member not running to the group's health check calling it unhealthy. */
  volatile long detect;

  /** From a new member running to InService. */
  volatile long inService;

  /** From a (re)started instance running to its target healthy in the target group. */
  volatile long targetHealthy;

  /** A member terminated in its group stays Terminating (draining) this long. */
  volatile long drain;

  /**
   * An id just launched is unknown to EC2's API this long: by InstanceId it is NotFound, by filter
   * it is not listed yet, though its group already lists it.
   */
  volatile long notFoundFor;

  private volatile int startDelayMillis;
  private int throttleNext;

  private final Map<String, Vm> vms = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final AtomicInteger next = new AtomicInteger(100);

  private final class Vm {
    final String id;
    final String zone;
    final String ip;
    final Map<String, String> tags = new TreeMap<>();
    long launched = System.currentTimeMillis();
    String state = "running";
    String nextState;
    long nextAt;
    long runningSince;

    Vm(String id, String zone, String ip) {
      this.id = id;
      this.zone = zone;
      this.ip = ip;
      tags.put("service", "donations");
    }

    void moveTo(String through, long after, String to) {
      state = through;
      nextState = to;
      nextAt = System.currentTimeMillis() + after;
    }
  }

  private static final class Member {
    final Vm vm;
    String lifecycle;
    String health = "Healthy";
    long notRunningSince;
    long lifecycleUntil;

    Member(Vm vm, String lifecycle) {
      this.vm = vm;
      this.lifecycle = lifecycle;
    }
  }

  private static final class Group {
    final String name;
    final List<Member> members = new ArrayList<>();
    final Map<String, String> subnetZones = new LinkedHashMap<>();
    final Set<String> suspended = new LinkedHashSet<>();
    List<String> subnets = new ArrayList<>();
    int desired;
    int maxNotServing;

    Group(String name) {
      this.name = name;
    }

    List<String> zones() {
      return subnets.stream().map(subnetZones::get).distinct().toList();
    }
  }

  /** A group of instances, one per zone in turn, each zone with a subnet of its own. */
  synchronized AutoScalingGroups group(String name, String prefix, String... zones) {
    Group group = new Group(name);
    for (int i = 0; i < zones.length; i++) {
      String subnet = "subnet-" + name + "-" + zones[i];
      group.subnetZones.putIfAbsent(subnet, zones[i]);
      Vm vm = new Vm(prefix + (i + 1), zones[i], "10.0." + groups.size() + "." + (10 + i));
      vm.tags.put(GROUP_TAG, name);
      vm.launched = 0; // long since known to every API
      vms.put(vm.id, vm);
      group.members.add(new Member(vm, "InService"));
    }
    group.subnets = new ArrayList<>(group.subnetZones.keySet());
    group.desired = zones.length;
    groups.put(name, group);
    return this;
  }

  /** StartInstances answers only after this long: an API that hangs when a revert needs it. */
  void slowStarts(int millis) {
    startDelayMillis = millis;
  }

  /** The next {@code calls} Describe calls are throttled, as a busy account's are. */
  synchronized void throttle(int calls) {
    throttleNext = calls;
  }

  /** The target group's state of instance {@code id} now, as DescribeTargetHealth shows it. */
  synchronized String targetState(String id) {
    advance();
    String body = describeTargetHealth().getBody();
    int at = body.indexOf("<Id>" + id + "</Id>");
    if (at < 0) {
      return "none";
    }
    String before = body.substring(0, at);
    int state = before.lastIndexOf("<State>");
    return before.substring(state + 7, before.indexOf("</State>", state));
  }

  /**
   * The most members of the group seen not serving at once (not InService, not running, or not yet
   * healthy as a target), sampled at every request.
   */
  synchronized int maxNotServing(String group) {
    return groups.get(group).maxNotServing;
  }

  /** The ids of the group's members now, in order. */
  synchronized List<String> members(String group) {
    advance();
    return groups.get(group).members.stream().map(m -> m.vm.id).toList();
  }

  /** The EC2 state of instance {@code id}, as the stand-in holds it now. */
  synchronized String state(String id) {
    advance();
    Vm vm = vms.get(id);
    return vm == null ? "none" : vm.state;
  }

  /** The zones the group's members are in now, one entry per member not terminating. */
  synchronized List<String> memberZones(String group) {
    advance();
    return groups.get(group).members.stream()
        .filter(m -> !m.lifecycle.startsWith("Terminat"))
        .map(m -> m.vm.zone)
        .toList();
  }

  synchronized Set<String> suspended(String group) {
    return Set.copyOf(groups.get(group).suspended);
  }

  synchronized List<String> subnets(String group) {
    return List.copyOf(groups.get(group).subnets);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    Map<String, String> form = form(event.getRequest().getBodyAsString());
    String action = form.getOrDefault("Action", "");
    advance();
    if (action.startsWith("Describe") && throttleNext > 0) {
      throttleNext--;
      return action.equals("DescribeInstances") || action.equals("DescribeSubnets")
          ? xml(503, Ec2Stub.ec2Error("RequestLimitExceeded", "Request limit exceeded."))
          : xml(400, queryError("Throttling", "Rate exceeded"));
    }
    return switch (action) {
      case "DescribeAutoScalingGroups" ->
          describeGroups(list(form, "AutoScalingGroupNames.member."));
      case "DescribeInstances" -> describeInstances(form);
      case "DescribeSubnets" -> describeSubnets(list(form, "SubnetId."));
      case "DescribeTargetHealth" -> describeTargetHealth();
      case "TerminateInstanceInAutoScalingGroup" -> terminateInGroup(form.get("InstanceId"));
      case "TerminateInstances" -> terminate(list(form, "InstanceId."));
      case "StopInstances" -> stop(list(form, "InstanceId.").get(0));
      case "StartInstances" -> delayed(start(list(form, "InstanceId.").get(0)));
      case "RebootInstances" ->
          unknown(list(form, "InstanceId.").get(0))
              ? notFound(list(form, "InstanceId.").get(0))
              : xml(
                  200,
                  "<RebootInstancesResponse xmlns=\""
                      + EC2
                      + "\"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><return>true</return>"
                      + "</RebootInstancesResponse>");
      case "SuspendProcesses", "ResumeProcesses" -> processes(action, form);
      case "UpdateAutoScalingGroup" -> update(form);
      default ->
          xml(
              400,
              Ec2Stub.ec2Error(
                  "InvalidAction", "The action " + action + " is not valid for this web service."));
    };
  }

  /** Moves every instance and group to where time has taken them. */
  private void advance() {
    long now = System.currentTimeMillis();
    for (Vm vm : vms.values()) {
      if (vm.nextState != null && vm.nextAt <= now) {
        vm.state = vm.nextState;
        vm.nextState = null;
        if (vm.state.equals("running")) {
          vm.runningSince = vm.nextAt;
        }
      }
    }
    for (Group group : groups.values()) {
      for (Member member : List.copyOf(group.members)) {
        switch (member.lifecycle) {
          case "Pending" -> {
            if (member.vm.state.equals("running") && member.lifecycleUntil <= now) {
              member.lifecycle = "InService";
            }
          }
          case "InService" -> checkHealth(group, member, now);
          case "Terminating" -> {
            if (member.lifecycleUntil <= now && member.vm.state.equals("running")) {
              member.vm.moveTo("shutting-down", shuttingDown, "terminated");
            }
            if (member.vm.state.equals("terminated")) {
              group.members.remove(member);
            }
          }
          default -> {}
        }
      }
      long serving =
          group.members.stream()
              .filter(
                  m ->
                      m.lifecycle.equals("InService")
                          && m.vm.state.equals("running")
                          && now - m.vm.runningSince >= targetHealthy)
              .count();
      group.maxNotServing = (int) Math.max(group.maxNotServing, group.desired - serving);
      long live = group.members.stream().filter(m -> !m.lifecycle.equals("Terminating")).count();
      if (!group.suspended.contains("Launch")) {
        for (long i = live; i < group.desired; i++) {
          launch(group, now);
        }
      }
    }
  }

  // The EC2 health check "checks that the instance is running": one that is not is unhealthy,
  // and the group replaces it (user guide, "Health checks for instances in an Auto Scaling
  // group"); neither happens while the process is suspended.
  private void checkHealth(Group group, Member member, long now) {
    if (member.vm.state.equals("running")) {
      member.notRunningSince = 0;
      return;
    }
    if (group.suspended.contains("HealthCheck")) {
      return;
    }
    if (member.notRunningSince == 0) {
      member.notRunningSince = now;
    }
    if (now - member.notRunningSince >= detect) {
      member.health = "Unhealthy";
      if (!group.suspended.contains("ReplaceUnhealthy")) {
        member.lifecycle = "Terminating";
        member.lifecycleUntil = now;
        if (!member.vm.state.equals("terminated") && !member.vm.state.equals("shutting-down")) {
          member.vm.moveTo("shutting-down", shuttingDown, "terminated");
        }
      }
    }
  }

  /** A new member in the group's zone with the fewest members, pending, then InService. */
  private void launch(Group group, long now) {
    Map<String, Long> perZone = new LinkedHashMap<>();
    group.zones().forEach(zone -> perZone.put(zone, 0L));
    group.members.stream()
        .filter(m -> !m.lifecycle.equals("Terminating"))
        .forEach(m -> perZone.computeIfPresent(m.vm.zone, (z, n) -> n + 1));
    String zone =
        perZone.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    int number = next.incrementAndGet();
    Vm vm = new Vm("i-0" + number, zone, "10.0.9." + (number % 250));
    vm.tags.put(GROUP_TAG, group.name);
    vm.moveTo("pending", pending, "running");
    vms.put(vm.id, vm);
    Member member = new Member(vm, "Pending");
    member.lifecycleUntil = now + pending + inService;
    group.members.add(member);
  }

  private Group groupOf(Vm vm) {
    for (Group group : groups.values()) {
      for (Member member : group.members) {
        if (member.vm == vm) {
          return group;
        }
      }
    }
    return null;
  }

  private Member memberOf(Vm vm) {
    Group group = groupOf(vm);
    return group == null
        ? null
        : group.members.stream().filter(m -> m.vm == vm).findFirst().orElseThrow();
  }

  private ResponseDefinition describeGroups(List<String> names) {
    StringBuilder members = new StringBuilder();
    for (String name : names) {
      Group group = groups.get(name);
      if (group == null) {
        continue;
      }
      StringBuilder instances = new StringBuilder();
      for (Member member : group.members) {
        instances
            .append("<member><InstanceId>")
            .append(member.vm.id)
            .append("</InstanceId><InstanceType>t3.micro</InstanceType><AvailabilityZone>")
            .append(member.vm.zone)
            .append("</AvailabilityZone><LifecycleState>")
            .append(member.lifecycle)
            .append("</LifecycleState><HealthStatus>")
            .append(member.health)
            .append("</HealthStatus>")
            .append("<LaunchTemplate><LaunchTemplateId>lt-0a20c965061f64abc</LaunchTemplateId>")
            .append(
                "<LaunchTemplateName>donations</LaunchTemplateName><Version>1</Version></LaunchTemplate>")
            .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
      }
      StringBuilder suspended = new StringBuilder();
      for (String process : group.suspended) {
        suspended
            .append("<member><ProcessName>")
            .append(process)
            .append(
                "</ProcessName><SuspensionReason>User suspended at 2026-11-30T10:00:00Z</SuspensionReason></member>");
      }
      StringBuilder zones = new StringBuilder();
      group.zones().forEach(z -> zones.append("<member>").append(z).append("</member>"));
      members
          .append("<member><AutoScalingGroupName>")
          .append(name)
          .append(
              "</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:eu-west-2:111122223333:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/")
          .append(name)
          .append("</AutoScalingGroupARN><MinSize>")
          .append(group.desired)
          .append("</MinSize><MaxSize>")
          .append(group.desired * 2)
          .append("</MaxSize><DesiredCapacity>")
          .append(group.desired)
          .append("</DesiredCapacity><DefaultCooldown>300</DefaultCooldown><AvailabilityZones>")
          .append(zones)
          .append("</AvailabilityZones><VPCZoneIdentifier>")
          .append(String.join(",", group.subnets))
          .append(
              "</VPCZoneIdentifier><HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod>")
          .append("<CreatedTime>2026-01-12T09:00:00.000Z</CreatedTime><Instances>")
          .append(instances)
          .append("</Instances><SuspendedProcesses>")
          .append(suspended)
          .append("</SuspendedProcesses></member>");
    }
    return xml(
        200,
        "<DescribeAutoScalingGroupsResponse xmlns=\""
            + AUTO_SCALING
            + "\"><DescribeAutoScalingGroupsResult><AutoScalingGroups>"
            + members
            + "</AutoScalingGroups></DescribeAutoScalingGroupsResult>"
            + metadata()
            + "</DescribeAutoScalingGroupsResponse>");
  }

  /**
   * By InstanceId.N, an unknown id (or one launched too recently: eventual consistency) fails the
   * whole call; by filters (tag:, instance-state-name, instance-id) what does not match is left
   * out.
   */
  private ResponseDefinition describeInstances(Map<String, String> form) {
    List<String> ids = list(form, "InstanceId.");
    for (String id : ids) {
      if (unknown(id)) {
        return notFound(id);
      }
    }
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (int i = 1; form.containsKey("Filter." + i + ".Name"); i++) {
      filters.put(form.get("Filter." + i + ".Name"), list(form, "Filter." + i + ".Value."));
    }
    List<Ec2Stub.Ec2Instance> found = new ArrayList<>();
    for (Vm vm : vms.values()) {
      if (!ids.isEmpty() && !ids.contains(vm.id) || unknown(vm.id)) {
        continue;
      }
      boolean matches = true;
      for (var filter : filters.entrySet()) {
        String name = filter.getKey();
        String value =
            name.equals("instance-state-name")
                ? vm.state
                : name.equals("instance-id")
                    ? vm.id
                    : name.startsWith("tag:") ? vm.tags.get(name.substring(4)) : null;
        matches &= value != null && filter.getValue().contains(value);
      }
      if (matches) {
        List<String> tags = new ArrayList<>();
        vm.tags.forEach(
            (k, v) -> {
              tags.add(k);
              tags.add(v);
            });
        found.add(
            new Ec2Stub.Ec2Instance(vm.id, vm.zone, vm.ip, vm.state, tags.toArray(String[]::new)));
      }
    }
    return xml(200, Ec2Stub.describeInstances(found));
  }

  private ResponseDefinition describeSubnets(List<String> ids) {
    StringBuilder items = new StringBuilder();
    for (Group group : groups.values()) {
      group.subnetZones.forEach(
          (subnet, zone) -> {
            if (ids.contains(subnet)) {
              items
                  .append("<item><subnetId>")
                  .append(subnet)
                  .append("</subnetId><state>available</state><vpcId>vpc-0a1b2c3d</vpcId>")
                  .append(
                      "<cidrBlock>10.0.1.0/24</cidrBlock><availableIpAddressCount>251</availableIpAddressCount>")
                  .append("<availabilityZone>")
                  .append(zone)
                  .append("</availabilityZone><defaultForAz>false</defaultForAz>")
                  .append("<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>");
            }
          });
    }
    return xml(
        200,
        "<DescribeSubnetsResponse xmlns=\""
            + EC2
            + "\"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><subnetSet>"
            + items
            + "</subnetSet></DescribeSubnetsResponse>");
  }

  /**
   * Every member as a target (API_TargetHealth): draining while Terminating, unused while not
   * running (Target.InvalidState), initial until its health checks pass, then healthy.
   */
  private ResponseDefinition describeTargetHealth() {
    long now = System.currentTimeMillis();
    StringBuilder members = new StringBuilder();
    for (Group group : groups.values()) {
      for (Member member : group.members) {
        String state;
        if (member.lifecycle.equals("Terminating")) {
          state = "draining";
        } else if (!member.vm.state.equals("running")) {
          state = "unused";
        } else if (member.lifecycle.equals("Pending")
            || now - member.vm.runningSince < targetHealthy) {
          state = "initial";
        } else {
          state = "healthy";
        }
        members
            .append("<member><HealthCheckPort>8080</HealthCheckPort><TargetHealth><State>")
            .append(state)
            .append("</State></TargetHealth><Target><Port>8080</Port><Id>")
            .append(member.vm.id)
            .append("</Id></Target></member>");
      }
    }
    return xml(
        200,
        "<DescribeTargetHealthResponse xmlns=\""
            + ELB
            + "\"><DescribeTargetHealthResult><TargetHealthDescriptions>"
            + members
            + "</TargetHealthDescriptions></DescribeTargetHealthResult>"
            + metadata()
            + "</DescribeTargetHealthResponse>");
  }

  /** Out of the group through the group: drained (Terminating), then terminated, and replaced. */
  private ResponseDefinition terminateInGroup(String id) {
    Vm vm = vms.get(id);
    Member member = vm == null ? null : memberOf(vm);
    if (member == null) {
      return xml(
          400,
          queryError(
              "ValidationError",
              "Instance Id not found - No managed instance found for instance ID: " + id));
    }
    member.lifecycle = "Terminating";
    member.lifecycleUntil = System.currentTimeMillis() + drain;
    return xml(200, Ec2Stub.terminateInGroup(groupOf(vm).name, id));
  }

  /** EC2's own terminate: the instance shuts down; its group finds out by its health check. */
  private ResponseDefinition terminate(List<String> ids) {
    StringBuilder items = new StringBuilder();
    for (String id : ids) {
      if (unknown(id)) {
        return notFound(id);
      }
      Vm vm = vms.get(id);
      String from = vm.state;
      vm.moveTo("shutting-down", shuttingDown, "terminated");
      items.append(item(id, from, "shutting-down"));
    }
    return xml(200, stateChanges("TerminateInstances", items.toString()));
  }

  private ResponseDefinition stop(String id) {
    if (unknown(id)) {
      return notFound(id);
    }
    Vm vm = vms.get(id);
    if (!vm.state.equals("running") && !vm.state.equals("pending")) {
      return incorrectState(id, vm.state);
    }
    String from = vm.state;
    vm.moveTo("stopping", stopping, "stopped");
    return xml(200, stateChanges("StopInstances", item(id, from, vm.state)));
  }

  /**
   * Only a stopped instance starts (API_StartInstances); anything else is IncorrectInstanceState.
   */
  private ResponseDefinition start(String id) {
    if (unknown(id)) {
      return notFound(id);
    }
    Vm vm = vms.get(id);
    if (!vm.state.equals("stopped")) {
      return incorrectState(id, vm.state);
    }
    vm.moveTo("pending", pending, "running");
    Member member = memberOf(vm);
    if (member != null) {
      member.notRunningSince = 0;
    }
    return xml(200, stateChanges("StartInstances", item(id, "stopped", "pending")));
  }

  private ResponseDefinition processes(String action, Map<String, String> form) {
    Group group = groups.get(form.get("AutoScalingGroupName"));
    List<String> names = list(form, "ScalingProcesses.member.");
    if (action.equals("SuspendProcesses")) {
      group.suspended.addAll(names);
    } else {
      names.forEach(group.suspended::remove);
    }
    return xml(
        200,
        "<"
            + action
            + "Response xmlns=\""
            + AUTO_SCALING
            + "\">"
            + metadata()
            + "</"
            + action
            + "Response>");
  }

  private ResponseDefinition update(Map<String, String> form) {
    Group group = groups.get(form.get("AutoScalingGroupName"));
    if (form.containsKey("VPCZoneIdentifier")) {
      group.subnets = new ArrayList<>(List.of(form.get("VPCZoneIdentifier").split(",")));
    }
    return xml(
        200,
        "<UpdateAutoScalingGroupResponse xmlns=\""
            + AUTO_SCALING
            + "\">"
            + metadata()
            + "</UpdateAutoScalingGroupResponse>");
  }

  private ResponseDefinition delayed(ResponseDefinition response) {
    return startDelayMillis == 0
        ? response
        : ResponseDefinitionBuilder.like(response).withFixedDelay(startDelayMillis).build();
  }

  /**
   * EC2's API is eventually consistent: an id launched a moment ago may not exist for it yet
   * ("Eventual consistency in the Amazon EC2 API").
   */
  private boolean unknown(String id) {
    Vm vm = vms.get(id);
    return vm == null || System.currentTimeMillis() - vm.launched < notFoundFor;
  }

  private ResponseDefinition notFound(String id) {
    return xml(
        400,
        Ec2Stub.ec2Error(
            "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist"));
  }

  private ResponseDefinition incorrectState(String id, String state) {
    return xml(
        400,
        Ec2Stub.ec2Error(
            "IncorrectInstanceState",
            "The instance '"
                + id
                + "' is not in a state from which it can be started or stopped ("
                + state
                + ")."));
  }

  private static String item(String id, String from, String to) {
    return "<item><instanceId>"
        + id
        + "</instanceId><currentState><code>"
        + code(to)
        + "</code><name>"
        + to
        + "</name></currentState><previousState><code>"
        + code(from)
        + "</code><name>"
        + from
        + "</name></previousState></item>";
  }

  private static String stateChanges(String action, String items) {
    return "<"
        + action
        + "Response xmlns=\""
        + EC2
        + "\"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><instancesSet>"
        + items
        + "</instancesSet></"
        + action
        + "Response>";
  }

  /** EC2's state codes (API_InstanceState). */
  private static int code(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      default -> 80;
    };
  }

  private static String queryError(String code, String message) {
    return "<ErrorResponse xmlns=\""
        + AUTO_SCALING
        + "\"><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>e5d9a9b2-7f2d-11e8-95a1-0b9e1e5c5d8a</RequestId></ErrorResponse>";
  }

  private static String metadata() {
    return "<ResponseMetadata><RequestId>d6e4d7a1-7f2d-11e8-95a1-0b9e1e5c5d8a</RequestId></ResponseMetadata>";
  }

  private static ResponseDefinition xml(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(body)
        .build();
  }

  /** The values of {@code prefix}1, {@code prefix}2, ... in order. */
  private static List<String> list(Map<String, String> form, String prefix) {
    List<String> values = new ArrayList<>();
    form.entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith(prefix)
                    && e.getKey().substring(prefix.length()).matches("\\d+"))
        .sorted(
            Comparator.comparingInt(e -> Integer.parseInt(e.getKey().substring(prefix.length()))))
        .forEach(e -> values.add(e.getValue()));
    return values;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        continue;
      }
      fields.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }
}
