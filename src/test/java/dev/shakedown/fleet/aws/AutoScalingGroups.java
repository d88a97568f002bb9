package dev.shakedown.fleet.aws;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock extension that answers EC2 and Auto Scaling like groups do: a member terminated in its
 * group is replaced by a new instance in the same zone, pending at first and in service from the
 * next description on; stopped and started instances change state. Bodies come from {@link
 * Ec2Stub}, as in the API references.
 */
final class AutoScalingGroups implements ResponseDefinitionTransformerV2 {
  static final String NAME = "auto-scaling-groups";

  private final Map<String, List<Member>> groups = new LinkedHashMap<>();
  private volatile int startDelayMillis;
  private final AtomicInteger next = new AtomicInteger(100);

  private static final class Member {
    final String id;
    final String zone;
    final String ip;
    String lifecycle = "InService";
    String state = "running";

    Member(String id, String zone, String ip) {
      this.id = id;
      this.zone = zone;
      this.ip = ip;
    }
  }

  /** A group of instances, one per zone in turn. */
  synchronized AutoScalingGroups group(String name, String prefix, String... zones) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < zones.length; i++) {
      members.add(new Member(prefix + (i + 1), zones[i], "10.0." + groups.size() + "." + (10 + i)));
    }
    groups.put(name, members);
    return this;
  }

  /** StartInstances answers only after this long: an API that hangs when a revert needs it. */
  void slowStarts(int millis) {
    startDelayMillis = millis;
  }

  /** The EC2 state of instance {@code id}, as the stand-in holds it now. */
  synchronized String state(String id) {
    return groups.values().stream()
        .flatMap(List::stream)
        .filter(m -> m.id.equals(id))
        .map(m -> m.state)
        .findFirst()
        .orElse("none");
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
    Map<String, List<String>> form = form(event.getRequest().getBodyAsString());
    String action = form.getOrDefault("Action", List.of("")).get(0);
    return switch (action) {
      case "DescribeAutoScalingGroups" ->
          describeGroup(form.get("AutoScalingGroupNames.member.1").get(0));
      case "DescribeInstances" -> describeInstances(form.getOrDefault("InstanceId", List.of()));
      case "TerminateInstanceInAutoScalingGroup" -> terminate(form.get("InstanceId").get(0));
      case "StopInstances" -> change(form.get("InstanceId").get(0), "stopped");
      case "StartInstances" -> delayed(change(form.get("InstanceId").get(0), "running"));
      case "RebootInstances" ->
          xml(
              200,
              "<RebootInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                  + "<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><return>true</return>"
                  + "</RebootInstancesResponse>");
      default ->
          xml(
              400,
              Ec2Stub.ec2Error(
                  "InvalidAction", "The action " + action + " is not valid for this web service."));
    };
  }

  private ResponseDefinition describeGroup(String name) {
    List<Member> members = groups.get(name);
    List<String> rows = new ArrayList<>();
    for (Member member : members) {
      rows.add(member.id);
      rows.add(member.zone);
      rows.add(member.lifecycle);
    }
    ResponseDefinition response =
        xml(200, Ec2Stub.describeGroups(name, members.size(), rows.toArray(String[]::new)));
    // What was pending is in service the next time anyone looks, as a launch would be.
    members.forEach(m -> m.lifecycle = "InService");
    return response;
  }

  private ResponseDefinition describeInstances(List<String> ids) {
    List<Ec2Stub.Ec2Instance> instances = new ArrayList<>();
    for (List<Member> members : groups.values()) {
      for (Member member : members) {
        if (ids.isEmpty() || ids.contains(member.id)) {
          instances.add(
              new Ec2Stub.Ec2Instance(
                  member.id, member.zone, member.ip, member.state, "service", "donations"));
        }
      }
    }
    return xml(200, Ec2Stub.describeInstances(instances));
  }

  private ResponseDefinition terminate(String id) {
    for (var group : groups.entrySet()) {
      List<Member> members = group.getValue();
      for (int i = 0; i < members.size(); i++) {
        Member member = members.get(i);
        if (member.id.equals(id)) {
          Member replacement =
              new Member(
                  "i-0" + next.incrementAndGet(),
                  member.zone,
                  member.ip.replaceAll("\\d+$", "") + next.get());
          replacement.lifecycle = "Pending";
          members.set(i, replacement);
          return xml(200, Ec2Stub.terminateInGroup(group.getKey(), id));
        }
      }
    }
    return xml(
        400,
        Ec2Stub.ec2Error(
            "ValidationError",
            "Instance Id not found - No managed instance found for instance ID: " + id));
  }

  private ResponseDefinition change(String id, String to) {
    for (List<Member> members : groups.values()) {
      for (Member member : members) {
        if (member.id.equals(id)) {
          String from = member.state;
          member.state = to;
          String action = to.equals("stopped") ? "StopInstances" : "StartInstances";
          return xml(200, Ec2Stub.stateChange(action, id, from, code(from), to, code(to)));
        }
      }
    }
    return xml(
        400,
        Ec2Stub.ec2Error(
            "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist"));
  }

  private ResponseDefinition delayed(ResponseDefinition response) {
    return startDelayMillis == 0
        ? response
        : com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(response)
            .withFixedDelay(startDelayMillis)
            .build();
  }

  private static int code(String state) {
    return state.equals("running") ? 16 : 80;
  }

  private static ResponseDefinition xml(int status, String body) {
    return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(body)
        .build();
  }

  /** Form fields; numbered lists (InstanceId.1, InstanceId.2) gathered under their name. */
  private static Map<String, List<String>> form(String body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      String name = key.matches("InstanceId\\.\\d+") ? "InstanceId" : key;
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return fields;
  }
}
