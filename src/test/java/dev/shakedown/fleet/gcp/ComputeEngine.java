package dev.shakedown.fleet.gcp;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock extension that answers the Compute Engine JSON API (v1) as a project with managed
 * instance groups behaves: a deleted member is recreated by its group (CREATING, then NONE), stop
 * and start change the status, every change is an operation that is DONE when polled. Bodies follow
 * the API reference; {@link #deny} and {@link #failOperations} make it refuse.
 */
final class ComputeEngine implements ResponseDefinitionTransformerV2 {
  static final String NAME = "compute-engine";
  static final String PROJECT = "donations-prod";
  private static final String BASE = "https://www.googleapis.com/compute/v1/projects/" + PROJECT;
  private static final Pattern PATH =
      Pattern.compile(
          "/compute/v1/projects/[^/]+/(?:aggregated/instances|zones/([^/]+)/(instances|instanceGroupManagers|operations)(?:/([^/?]+))?(?:/([^/?]+))?)");

  private final Map<String, List<Vm>> groups = new LinkedHashMap<>();
  private final AtomicInteger next = new AtomicInteger(100);
  private volatile String denied;
  private volatile String failing;

  private static final class Vm {
    final String name;
    final String zone;
    final String ip;
    final Map<String, String> labels;
    String status = "RUNNING";
    String action = "NONE";

    Vm(String name, String zone, String ip, Map<String, String> labels) {
      this.name = name;
      this.zone = zone;
      this.ip = ip;
      this.labels = labels;
    }
  }

  synchronized ComputeEngine group(String name, String prefix, String... zones) {
    List<Vm> vms = new ArrayList<>();
    for (int i = 0; i < zones.length; i++) {
      vms.add(
          new Vm(
              prefix + "-" + (i + 1),
              zones[i],
              "10.154." + groups.size() + "." + (2 + i),
              Map.of("service", "donations", "owner", "payments")));
    }
    groups.put(name, vms);
    return this;
  }

  /** The status of VM {@code name} now: RUNNING, TERMINATED (stopped), or none. */
  synchronized String status(String name) {
    return groups.values().stream()
        .flatMap(List::stream)
        .filter(vm -> vm.name.equals(name))
        .map(vm -> vm.status)
        .findFirst()
        .orElse("none");
  }

  /** Every call answers 403 for this permission's verb (delete, stop, list, ...). */
  void deny(String verb) {
    denied = verb;
  }

  /** Operations of this verb end DONE with an error. */
  void failOperations(String verb) {
    failing = verb;
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
    Matcher path = PATH.matcher(url.split("\\?")[0]);
    if (!path.matches()) {
      return json(404, error(404, "The requested URL " + url + " was not found.", "notFound"));
    }
    if (url.contains("/aggregated/instances")) {
      return verb("list").orElseGet(this::aggregated);
    }
    String zone = path.group(1);
    String kind = path.group(2);
    String name = path.group(3);
    String sub = path.group(4);
    if (kind.equals("operations")) {
      String verb = name.replaceAll("^operation-([a-z]+)-.*$", "$1");
      return json(200, operation(name, zone, verb, true));
    }
    if (kind.equals("instanceGroupManagers") && "listManagedInstances".equals(sub)) {
      return verb("list").orElseGet(() -> managed(name));
    }
    Vm vm = find(name);
    if (vm == null) {
      return json(
          404,
          error(
              404,
              "The resource 'projects/"
                  + PROJECT
                  + "/zones/"
                  + zone
                  + "/instances/"
                  + name
                  + "' was not found",
              "notFound"));
    }
    if (method.equals("GET")) {
      return verb("get").orElseGet(() -> json(200, instance(vm)));
    }
    String verb = method.equals("DELETE") ? "delete" : sub;
    var refused = verb(verb);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!verb.equals(failing)) {
      switch (verb) {
        case "delete" -> recreate(vm);
        case "stop" -> vm.status = "TERMINATED";
        case "start" -> vm.status = "RUNNING";
        case "reset" -> vm.status = "RUNNING";
        default -> {
          return json(400, error(400, "Invalid value for field 'action': " + verb, "invalid"));
        }
      }
    }
    return json(
        200, operation("operation-" + verb + "-" + next.incrementAndGet(), zone, verb, false));
  }

  private java.util.Optional<ResponseDefinition> verb(String verb) {
    if (!verb.equals(denied)) {
      return java.util.Optional.empty();
    }
    String permission = "compute.instances." + verb;
    return java.util.Optional.of(
        json(
            403,
            error(
                403,
                "Required '" + permission + "' permission for 'projects/" + PROJECT + "'",
                "forbidden")));
  }

  private void recreate(Vm vm) {
    for (List<Vm> vms : groups.values()) {
      int at = vms.indexOf(vm);
      if (at >= 0) {
        Vm fresh =
            new Vm(
                vm.name.replaceAll("-\\d+$", "") + "-" + next.incrementAndGet(),
                vm.zone,
                vm.ip + "1",
                vm.labels);
        fresh.action = "CREATING";
        fresh.status = "PROVISIONING";
        vms.set(at, fresh);
      }
    }
  }

  private Vm find(String name) {
    return groups.values().stream()
        .flatMap(List::stream)
        .filter(v -> v.name.equals(name))
        .findFirst()
        .orElse(null);
  }

  private ResponseDefinition aggregated() {
    Map<String, List<Vm>> byZone = new LinkedHashMap<>();
    groups.values().stream()
        .flatMap(List::stream)
        .forEach(v -> byZone.computeIfAbsent(v.zone, z -> new ArrayList<>()).add(v));
    StringBuilder items = new StringBuilder();
    for (var zone : byZone.entrySet()) {
      items
          .append(items.length() == 0 ? "" : ",")
          .append("\"zones/")
          .append(zone.getKey())
          .append("\":{\"instances\":[");
      items
          .append(String.join(",", zone.getValue().stream().map(this::instance).toList()))
          .append("]}");
    }
    items
        .append(items.length() == 0 ? "" : ",")
        .append(
            "\"zones/us-central1-a\":{\"warning\":{\"code\":\"NO_RESULTS_ON_PAGE\",\"message\":\"There are no results for scope 'zones/us-central1-a' on this page.\",\"data\":[{\"key\":\"scope\",\"value\":\"zones/us-central1-a\"}]}}");
    return json(
        200,
        "{\"kind\":\"compute#instanceAggregatedList\",\"id\":\"projects/"
            + PROJECT
            + "/aggregated/instances\",\"items\":{"
            + items
            + "},\"selfLink\":\""
            + BASE
            + "/aggregated/instances\"}");
  }

  private ResponseDefinition managed(String group) {
    List<Vm> vms = groups.get(group);
    if (vms == null) {
      return json(
          404,
          error(
              404,
              "The resource 'projects/"
                  + PROJECT
                  + "/zones/europe-west2-a/instanceGroupManagers/"
                  + group
                  + "' was not found",
              "notFound"));
    }
    List<String> rows = new ArrayList<>();
    for (Vm vm : vms) {
      rows.add(
          "{\"instance\":\""
              + BASE
              + "/zones/"
              + vm.zone
              + "/instances/"
              + vm.name
              + "\",\"id\":\""
              + Math.abs(vm.name.hashCode())
              + "\",\"instanceStatus\":\""
              + vm.status
              + "\",\"currentAction\":\""
              + vm.action
              + "\",\"version\":{\"instanceTemplate\":\""
              + BASE
              + "/global/instanceTemplates/donations-v3\"}}");
    }
    // What the group was creating is running the next time anyone looks, as a boot would be.
    vms.forEach(
        v -> {
          if (v.action.equals("CREATING")) {
            v.action = "NONE";
            v.status = "RUNNING";
          }
        });
    return json(200, "{\"managedInstances\":[" + String.join(",", rows) + "]}");
  }

  private String instance(Vm vm) {
    StringBuilder labels = new StringBuilder();
    vm.labels.forEach(
        (k, v) ->
            labels
                .append(labels.length() == 0 ? "" : ",")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
    return "{\"kind\":\"compute#instance\",\"id\":\""
        + Math.abs(vm.name.hashCode())
        + "\",\"name\":\""
        + vm.name
        + "\",\"zone\":\""
        + BASE
        + "/zones/"
        + vm.zone
        + "\",\"machineType\":\""
        + BASE
        + "/zones/"
        + vm.zone
        + "/machineTypes/e2-small\",\"status\":\""
        + vm.status
        + "\",\"labels\":{"
        + labels
        + "},\"networkInterfaces\":[{\"network\":\""
        + BASE
        + "/global/networks/default\",\"networkIP\":\""
        + vm.ip
        + "\",\"name\":\"nic0\",\"accessConfigs\":[{\"type\":\"ONE_TO_ONE_NAT\",\"name\":\"External NAT\",\"natIP\":\"34.89.1."
        + vm.ip.substring(vm.ip.lastIndexOf('.') + 1)
        + "\"}]}],\"selfLink\":\""
        + BASE
        + "/zones/"
        + vm.zone
        + "/instances/"
        + vm.name
        + "\"}";
  }

  private String operation(String name, String zone, String verb, boolean done) {
    String error =
        done && verb.equals(failing)
            ? ",\"error\":{\"errors\":[{\"code\":\"RESOURCE_IN_USE_BY_ANOTHER_RESOURCE\",\"message\":\"The instance is in use by another resource.\"}]},\"httpErrorStatusCode\":400,\"httpErrorMessage\":\"BAD REQUEST\""
            : "";
    return "{\"kind\":\"compute#operation\",\"id\":\""
        + Math.abs(name.hashCode())
        + "\",\"name\":\""
        + name
        + "\",\"zone\":\""
        + BASE
        + "/zones/"
        + zone
        + "\",\"operationType\":\""
        + verb
        + "\",\"targetLink\":\""
        + BASE
        + "/zones/"
        + zone
        + "/instances/x\",\"status\":\""
        + (done ? "DONE" : "RUNNING")
        + "\",\"progress\":"
        + (done ? 100 : 0)
        + ",\"insertTime\":\"2026-11-27T02:00:00.000-08:00\",\"selfLink\":\""
        + BASE
        + "/zones/"
        + zone
        + "/operations/"
        + name
        + "\""
        + error
        + "}";
  }

  private static String error(int code, String message, String reason) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"errors\":[{\"message\":\""
        + message
        + "\",\"domain\":\"global\",\"reason\":\""
        + reason
        + "\"}]}}";
  }

  private static ResponseDefinition json(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body)
        .build();
  }
}
