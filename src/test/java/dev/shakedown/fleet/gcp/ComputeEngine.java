package dev.shakedown.fleet.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for the Compute Engine JSON API (v1) that moves through states over time as
 * Compute does, rather than jumping to the end: an instance is STOPPING before it is TERMINATED
 * (stopped), STAGING before RUNNING, deleted through STOPPING; a managed instance group (MIG)
 * recreates a deleted member under the same name with a new numeric id (CREATING, then VERIFYING),
 * repairs a member stopped outside it, and stops and starts members through its own
 * stopInstances/startInstances; an operation is RUNNING until what it does is done; a requestId
 * seen before returns the same operation; calls can be throttled (403 rateLimitExceeded) in bursts,
 * and a zone can be unreachable to aggregatedList. Every duration is settable; all are 0 by
 * default. Bodies follow the API reference.
 */
final class ComputeEngine implements ResponseDefinitionTransformerV2 {
  static final String NAME = "compute-engine";
  static final String PROJECT = "donations-prod";
  private static final String BASE = "https://www.googleapis.com/compute/v1/projects/" + PROJECT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile(
          "/compute/v1/projects/[^/]+/(?:aggregated/instances|(zones|regions)/([^/]+)/(instances|instanceGroupManagers|operations)(?:/([^/?]+))?(?:/([^/?]+))?)");

  /** How long each transition takes, in milliseconds. */
  volatile long stopping;

  volatile long staging;
  volatile long provisioning;

  /** From a member deleted or stopped outside its MIG to the MIG recreating it. */
  volatile long detect;

  /** A recreated or started member is VERIFYING this long once RUNNING. */
  volatile long verifying;

  /** A group's stopInstances/startInstances operation is RUNNING this long before DONE. */
  volatile long groupOperation;

  /** Health checks call a member HEALTHY this long after it runs (groups made health-checked). */
  volatile long healthyAfter;

  private final Map<String, Vm> vms = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Op> operations = new HashMap<>();
  private final Map<String, Op> byRequestId = new HashMap<>();
  private final AtomicLong next = new AtomicLong(100);
  private final Set<String> unreachable = new LinkedHashSet<>();
  private int throttleNext;
  private volatile String denied;
  private volatile String failing;

  private final class Vm {
    final String name;
    final long id = 4_000_000_000_000_000_000L + next.incrementAndGet();
    final String zone;
    final String ip;
    final Map<String, String> labels;
    final String createdBy;
    String status;
    String nextStatus;
    long nextAt;
    boolean deleting;
    long runningSince;

    Vm(String name, String zone, String ip, Map<String, String> labels, String createdBy) {
      this.name = name;
      this.zone = zone;
      this.ip = ip;
      this.labels = labels;
      this.createdBy = createdBy;
    }

    void moveTo(String through, long after, String to) {
      status = through;
      nextStatus = to;
      nextAt = System.currentTimeMillis() + after;
    }
  }

  private static final class Member {
    final String name;
    final String zone;
    String action = "NONE";
    String target = "RUNNING";
    long lostSince;
    long actionUntil;

    Member(String name, String zone) {
      this.name = name;
      this.zone = zone;
    }
  }

  private static final class Group {
    final String name;
    final String location; // zones/<z> or regions/<r>
    final List<Member> members = new ArrayList<>();
    boolean healthChecked;
    int maxNotServing;

    Group(String name, String location) {
      this.name = name;
      this.location = location;
    }
  }

  /** An operation, DONE once {@code done} holds. */
  private record Op(
      String name, String location, String type, String target, BooleanSupplier done) {}

  /** A zonal MIG with one member per zone given (all in the group's zone, for a zonal group). */
  synchronized ComputeEngine group(String name, String prefix, String... zones) {
    return add(name, "zones/" + zones[0], prefix, zones);
  }

  /** A regional MIG with one member in each zone given. */
  synchronized ComputeEngine regionalGroup(String name, String region, String... zones) {
    return add(name, "regions/" + region, name, zones);
  }

  /** Instances by label only, in no group. */
  synchronized ComputeEngine standalone(String prefix, String... zones) {
    for (int i = 0; i < zones.length; i++) {
      Vm vm =
          new Vm(
              prefix + "-" + (i + 1),
              zones[i],
              "10.154." + groups.size() + "." + (2 + i),
              labels(),
              null);
      vm.status = "RUNNING";
      vms.put(vm.name, vm);
    }
    return this;
  }

  private ComputeEngine add(String name, String location, String prefix, String... zones) {
    Group group = new Group(name, location);
    for (int i = 0; i < zones.length; i++) {
      Member member = new Member(prefix + "-" + (i + 1), zones[i]);
      group.members.add(member);
      Vm vm =
          new Vm(
              member.name,
              zones[i],
              "10.154." + groups.size() + "." + (2 + i),
              labels(),
              createdBy(group));
      vm.status = "RUNNING";
      vms.put(vm.name, vm);
    }
    groups.put(name, group);
    return this;
  }

  /** The group's members get a health check, HEALTHY {@link #healthyAfter} after they run. */
  synchronized void healthChecked(String group) {
    groups.get(group).healthChecked = true;
  }

  private String ip() {
    long n = next.incrementAndGet();
    return "10.155." + (n / 250 % 250) + "." + (2 + n % 250);
  }

  private static Map<String, String> labels() {
    return Map.of("service", "donations", "owner", "payments");
  }

  private static String createdBy(Group group) {
    return "projects/123456789012/" + group.location + "/instanceGroupManagers/" + group.name;
  }

  /** The status of VM {@code name} now: RUNNING, STOPPING, TERMINATED (stopped), ... or none. */
  synchronized String status(String name) {
    advance();
    Vm vm = vms.get(name);
    return vm == null ? "none" : vm.status;
  }

  /** The numeric id of VM {@code name} now (a recreated one has a new one), or 0. */
  synchronized long id(String name) {
    advance();
    Vm vm = vms.get(name);
    return vm == null ? 0 : vm.id;
  }

  /** What the group is doing with member {@code name} now (ManagedInstance.currentAction). */
  synchronized String action(String group, String name) {
    advance();
    return groups.get(group).members.stream()
        .filter(m -> m.name.equals(name))
        .map(m -> m.action)
        .findFirst()
        .orElse("none");
  }

  /** The most members of the group seen not serving at once, sampled at every request. */
  synchronized int maxNotServing(String group) {
    return groups.get(group).maxNotServing;
  }

  /** Every call answers 403 for this verb (delete, stop, list, ...). */
  void deny(String verb) {
    denied = verb;
  }

  /** Operations of this verb end DONE with an error. */
  void failOperations(String verb) {
    failing = verb;
  }

  /** The next {@code calls} requests are refused with 403 rateLimitExceeded. */
  synchronized void throttle(int calls) {
    throttleNext = calls;
  }

  /** aggregatedList cannot reach this zone: partial success names it, otherwise it fails. */
  synchronized void unreachable(String zone) {
    unreachable.add(zone);
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
    String method = event.getRequest().getMethod().getName();
    String url = event.getRequest().getUrl();
    Map<String, String> query = query(url);
    advance();
    if (throttleNext > 0) {
      throttleNext--;
      return json(
          403,
          "{\"error\":{\"code\":403,\"message\":\"Rate Limit Exceeded\",\"errors\":[{\"message\":"
              + "\"Rate Limit Exceeded\",\"domain\":\"usageLimits\",\"reason\":\"rateLimitExceeded\"}]}}");
    }
    Matcher path = PATH.matcher(url.split("\\?")[0]);
    if (!path.matches()) {
      return json(404, error(404, "The requested URL " + url + " was not found.", "notFound"));
    }
    if (url.contains("/aggregated/instances")) {
      return refused("list").orElseGet(() -> aggregated(query));
    }
    String location = path.group(1) + "/" + path.group(2);
    String kind = path.group(3);
    String name = path.group(4);
    String sub = path.group(5);
    if (kind.equals("operations")) {
      Op op = operations.get(name);
      return op == null
          ? json(
              404, error(404, "The resource 'operations/" + name + "' was not found", "notFound"))
          : json(200, operation(op));
    }
    if (kind.equals("instanceGroupManagers")) {
      Group group = groups.get(name);
      if (group == null || !group.location.equals(location)) {
        return json(
            404,
            error(
                404,
                "The resource 'projects/"
                    + PROJECT
                    + "/"
                    + location
                    + "/instanceGroupManagers/"
                    + name
                    + "' was not found",
                "notFound"));
      }
      return switch (String.valueOf(sub)) {
        case "listManagedInstances" -> refused("list").orElseGet(() -> managed(group));
        case "stopInstances", "startInstances" ->
            refused(sub).orElseGet(() -> groupAction(group, sub, event, query));
        default -> json(400, error(400, "Invalid value for field 'action': " + sub, "invalid"));
      };
    }
    Vm vm = vms.get(name);
    if (vm == null || !location.equals("zones/" + vm.zone)) {
      return json(
          404,
          error(
              404,
              "The resource 'projects/"
                  + PROJECT
                  + "/"
                  + location
                  + "/instances/"
                  + name
                  + "' was not found",
              "notFound"));
    }
    if (method.equals("GET")) {
      return refused("get").orElseGet(() -> json(200, instance(vm).toString()));
    }
    String verb = method.equals("DELETE") ? "delete" : sub;
    Optional<ResponseDefinition> refusal = refused(verb);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    Op seen = byRequestId.get(query.get("requestId"));
    if (seen != null) {
      return json(200, operation(seen)); // taken before: not done twice
    }
    BooleanSupplier done;
    switch (verb) {
      case "delete" -> {
        vm.deleting = true;
        vm.moveTo("STOPPING", stopping, "DELETED");
        done = () -> !vms.containsKey(vm.name) || vms.get(vm.name) != vm;
      }
      case "stop" -> {
        if (!vm.status.equals("RUNNING")) {
          return json(400, error(400, "The instance is not running.", "resourceNotReady"));
        }
        vm.moveTo("STOPPING", stopping, "TERMINATED");
        done = () -> vm.status.equals("TERMINATED");
      }
      case "start" -> {
        if (!vm.status.equals("TERMINATED")) {
          return json(
              400,
              error(
                  400,
                  "The instance is in state " + vm.status + " and cannot be started.",
                  "resourceNotReady"));
        }
        vm.moveTo("STAGING", staging, "RUNNING");
        done = () -> vm.status.equals("RUNNING");
      }
      case "reset" -> done = () -> true;
      default -> {
        return json(400, error(400, "Invalid value for field 'action': " + verb, "invalid"));
      }
    }
    if (verb.equals(failing)) {
      vm.nextStatus = null; // the operation ends in error, and the instance stays as it was
      vm.status = "RUNNING";
      vm.deleting = false;
      done = () -> true;
    }
    Op op =
        started(location, verb, BASE + "/zones/" + vm.zone + "/instances/" + vm.name, done, query);
    return json(200, operation(op));
  }

  private Op started(
      String location,
      String type,
      String target,
      BooleanSupplier done,
      Map<String, String> query) {
    String name = "operation-" + type + "-" + next.incrementAndGet();
    Op op = new Op(name, location, type, target, done);
    operations.put(name, op);
    if (query.containsKey("requestId")) {
      byRequestId.put(query.get("requestId"), op);
    }
    return op;
  }

  /**
   * The group's stopInstances/startInstances: DONE once taken; the member's action shows the rest.
   */
  private ResponseDefinition groupAction(
      Group group, String action, ServeEvent event, Map<String, String> query) {
    Op seen = byRequestId.get(query.get("requestId"));
    if (seen != null) {
      return json(200, operation(seen));
    }
    JsonNode body;
    try {
      body = JSON.readTree(event.getRequest().getBodyAsString());
    } catch (Exception e) {
      return json(400, error(400, "Invalid JSON payload received.", "parseError"));
    }
    for (JsonNode url : body.path("instances")) {
      String name = url.asText().replaceAll(".*/instances/", "");
      Member member =
          group.members.stream().filter(m -> m.name.equals(name)).findFirst().orElse(null);
      Vm vm = vms.get(name);
      if (member == null || vm == null) {
        return json(
            400,
            error(400, "Instance '" + url.asText() + "' is not a member of the group.", "invalid"));
      }
      if (action.equals("stopInstances")) {
        if (!vm.status.equals("RUNNING")) {
          return json(400, error(400, "Only running instances can be stopped.", "invalid"));
        }
        member.target = "STOPPED";
        member.action = "STOPPING";
        vm.moveTo("STOPPING", stopping, "TERMINATED");
      } else {
        member.target = "RUNNING";
        if (vm.status.equals("TERMINATED")) {
          member.action = "STARTING";
          vm.moveTo("STAGING", staging, "RUNNING");
        }
      }
    }
    long doneAt = System.currentTimeMillis() + groupOperation;
    Op op =
        started(
            group.location,
            action,
            BASE + "/" + group.location + "/instanceGroupManagers/" + group.name,
            () -> System.currentTimeMillis() >= doneAt,
            query);
    return json(200, operation(op));
  }

  /** Moves every instance and group to where time has taken them. */
  private void advance() {
    long now = System.currentTimeMillis();
    for (Vm vm : List.copyOf(vms.values())) {
      if (vm.nextStatus != null && vm.nextAt <= now) {
        if (vm.nextStatus.equals("DELETED")) {
          vms.remove(vm.name);
          continue;
        }
        vm.status = vm.nextStatus;
        vm.nextStatus = null;
        if (vm.status.equals("RUNNING")) {
          vm.runningSince = vm.nextAt;
        }
      }
    }
    for (Group group : groups.values()) {
      int notServing = 0;
      for (Member member : group.members) {
        Vm vm = vms.get(member.name);
        settle(group, member, vm, now);
        vm = vms.get(member.name);
        if (vm == null
            || !vm.status.equals("RUNNING")
            || !member.action.equals("NONE")
            || group.healthChecked && now - vm.runningSince < healthyAfter) {
          notServing++;
        }
      }
      group.maxNotServing = Math.max(group.maxNotServing, notServing);
    }
  }

  private void settle(Group group, Member member, Vm vm, long now) {
    // Deleted, or stopped outside the group: the group recreates it (repairs it), same name.
    boolean lost =
        member.target.equals("RUNNING")
            && member.action.equals("NONE")
            && (vm == null || !vm.deleting && vm.status.equals("TERMINATED"));
    if (lost) {
      if (member.lostSince == 0) {
        member.lostSince = now;
      }
      if (now - member.lostSince >= detect) {
        recreate(group, member);
      }
      return;
    }
    member.lostSince = 0;
    switch (member.action) {
      case "CREATING", "RECREATING" -> {
        if (vm != null && vm.status.equals("RUNNING")) {
          member.action = "VERIFYING";
          member.actionUntil = now + verifying;
        }
      }
      case "STARTING" -> {
        if (vm != null && vm.status.equals("RUNNING")) {
          member.action = "VERIFYING";
          member.actionUntil = now + verifying;
        }
      }
      case "VERIFYING" -> {
        if (member.actionUntil <= now) {
          member.action = "NONE";
        }
      }
      case "STOPPING" -> {
        if (vm != null && vm.status.equals("TERMINATED")) {
          member.action = "NONE";
        }
      }
      default -> {}
    }
  }

  private void recreate(Group group, Member member) {
    Vm old = vms.get(member.name);
    Vm fresh = new Vm(member.name, member.zone, ip(), labels(), createdBy(group));
    fresh.moveTo("PROVISIONING", provisioning, "RUNNING");
    vms.put(member.name, fresh);
    member.action = old == null ? "CREATING" : "RECREATING";
    member.lostSince = 0;
  }

  private ResponseDefinition aggregated(Map<String, String> query) {
    boolean partial = "true".equals(query.get("returnPartialSuccess"));
    if (!unreachable.isEmpty() && !partial) {
      return json(
          503,
          error(
              503,
              "The zone '" + unreachable.iterator().next() + "' is unreachable.",
              "backendError"));
    }
    Filter filter = Filter.parse(query.getOrDefault("filter", ""));
    Map<String, ArrayNode> byZone = new LinkedHashMap<>();
    for (Vm vm : vms.values()) {
      if (unreachable.contains(vm.zone) || !filter.matches(vm.name, vm.labels)) {
        continue;
      }
      byZone.computeIfAbsent(vm.zone, z -> JSON.createArrayNode()).add(instance(vm));
    }
    ObjectNode items = JSON.createObjectNode();
    byZone.forEach((zone, list) -> items.putObject("zones/" + zone).set("instances", list));
    items
        .putObject("zones/us-central1-a")
        .putObject("warning")
        .put("code", "NO_RESULTS_ON_PAGE")
        .put("message", "There are no results for scope 'zones/us-central1-a' on this page.");
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "compute#instanceAggregatedList");
    list.put("id", "projects/" + PROJECT + "/aggregated/instances");
    list.set("items", items);
    list.put("selfLink", BASE + "/aggregated/instances");
    if (partial && !unreachable.isEmpty()) {
      ArrayNode names = list.putArray("unreachables");
      unreachable.forEach(zone -> names.add("zones/" + zone));
    }
    return json(200, list.toString());
  }

  private ResponseDefinition managed(Group group) {
    long now = System.currentTimeMillis();
    ArrayNode rows = JSON.createArrayNode();
    for (Member member : group.members) {
      Vm vm = vms.get(member.name);
      ObjectNode row = rows.addObject();
      row.put("instance", BASE + "/zones/" + member.zone + "/instances/" + member.name);
      row.put("name", member.name);
      if (vm != null) {
        row.put("id", Long.toUnsignedString(vm.id));
        row.put("instanceStatus", vm.status);
      }
      row.put("currentAction", member.action);
      if (group.healthChecked && vm != null) {
        row.putArray("instanceHealth")
            .addObject()
            .put("healthCheck", BASE + "/global/healthChecks/donations-http")
            .put(
                "detailedHealthState",
                vm.status.equals("RUNNING") && now - vm.runningSince >= healthyAfter
                    ? "HEALTHY"
                    : "UNHEALTHY");
      }
      row.putObject("version")
          .put("instanceTemplate", BASE + "/global/instanceTemplates/donations-v3");
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("managedInstances", rows);
    return json(200, body.toString());
  }

  private ObjectNode instance(Vm vm) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "compute#instance");
    node.put("id", Long.toUnsignedString(vm.id));
    node.put("name", vm.name);
    node.put("zone", BASE + "/zones/" + vm.zone);
    node.put("machineType", BASE + "/zones/" + vm.zone + "/machineTypes/e2-small");
    node.put("status", vm.status);
    ObjectNode labels = node.putObject("labels");
    vm.labels.forEach(labels::put);
    if (vm.createdBy != null) {
      ObjectNode metadata = node.putObject("metadata");
      metadata.put("kind", "compute#metadata");
      metadata.putArray("items").addObject().put("key", "created-by").put("value", vm.createdBy);
    }
    ObjectNode nic = node.putArray("networkInterfaces").addObject();
    nic.put("network", BASE + "/global/networks/default");
    nic.put("networkIP", vm.ip);
    nic.put("name", "nic0");
    nic.putArray("accessConfigs")
        .addObject()
        .put("type", "ONE_TO_ONE_NAT")
        .put("name", "External NAT")
        .put("natIP", "34.89.1." + vm.ip.substring(vm.ip.lastIndexOf('.') + 1));
    node.put("selfLink", BASE + "/zones/" + vm.zone + "/instances/" + vm.name);
    return node;
  }

  private String operation(Op op) {
    boolean done = op.done().getAsBoolean();
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "compute#operation");
    node.put("id", Long.toUnsignedString(Math.abs((long) op.name().hashCode())));
    node.put("name", op.name());
    if (op.location().startsWith("zones/")) {
      node.put("zone", BASE + "/" + op.location());
    } else {
      node.put("region", BASE + "/" + op.location());
    }
    node.put("operationType", op.type());
    node.put("targetLink", op.target());
    node.put("status", done ? "DONE" : "RUNNING");
    node.put("progress", done ? 100 : 0);
    node.put("insertTime", "2026-11-27T02:00:00.000-08:00");
    node.put("selfLink", BASE + "/" + op.location() + "/operations/" + op.name());
    if (done && op.type().equals(failing)) {
      node.putObject("error")
          .putArray("errors")
          .addObject()
          .put("code", "RESOURCE_IN_USE_BY_ANOTHER_RESOURCE")
          .put("message", "The instance is in use by another resource.");
      node.put("httpErrorStatusCode", 400);
      node.put("httpErrorMessage", "BAD REQUEST");
    }
    return node.toString();
  }

  private Optional<ResponseDefinition> refused(String verb) {
    if (!verb.equals(denied)) {
      return Optional.empty();
    }
    String permission = "compute.instances." + verb;
    return Optional.of(
        json(
            403,
            error(
                403,
                "Required '" + permission + "' permission for 'projects/" + PROJECT + "'",
                "forbidden")));
  }

  /**
   * The filters the fleet sends: terms joined by AND, each {@code (labels.k = "v")}, {@code (name =
   * "x")}, or such terms joined by OR within parentheses.
   */
  private record Filter(List<List<String[]>> all) {
    static Filter parse(String text) {
      List<List<String[]>> all = new ArrayList<>();
      for (String term : text.isBlank() ? new String[0] : text.split(" AND ")) {
        List<String[]> any = new ArrayList<>();
        for (String part : strip(term).split(" OR ")) {
          String[] sides = strip(part).split(" = ", 2);
          any.add(new String[] {sides[0].trim(), sides[1].trim().replace("\"", "")});
        }
        all.add(any);
      }
      return new Filter(all);
    }

    private static String strip(String term) {
      String t = term.trim();
      while (t.startsWith("(") && t.endsWith(")")) {
        t = t.substring(1, t.length() - 1).trim();
      }
      return t;
    }

    boolean matches(String name, Map<String, String> labels) {
      for (List<String[]> any : all) {
        boolean one = false;
        for (String[] term : any) {
          String value =
              term[0].equals("name")
                  ? name
                  : term[0].startsWith("labels.") ? labels.get(term[0].substring(7)) : null;
          one |= term[1].equals(value);
        }
        if (!one) {
          return false;
        }
      }
      return true;
    }
  }

  private static Map<String, String> query(String url) {
    Map<String, String> fields = new LinkedHashMap<>();
    int at = url.indexOf('?');
    if (at < 0) {
      return fields;
    }
    for (String pair : url.substring(at + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  private static String error(int code, String message, String reason) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error
        .putArray("errors")
        .addObject()
        .put("message", message)
        .put("domain", "global")
        .put("reason", reason);
    return body.toString();
  }

  private static ResponseDefinition json(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body)
        .build();
  }
}
