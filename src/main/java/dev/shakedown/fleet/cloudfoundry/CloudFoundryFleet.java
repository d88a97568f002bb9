package dev.shakedown.fleet.cloudfoundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Suggestions;
import dev.shakedown.fleet.CloudApiFleet;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.fleet.rest.RestCalls;
import dev.shakedown.fleet.rest.Unreachable;
import dev.shakedown.poll.Poll;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances of one process of one app, as the Cloud Controller's v3 API sees them: listed from
 * {@code GET /v3/processes/:guid/stats}, killed by {@code DELETE
 * /v3/apps/:guid/processes/:type/instances/:index}, after which Diego starts the index again. An
 * index keeps its number across restarts; its uptime tells a restarted instance from the one that
 * was killed.
 */
final class CloudFoundryFleet extends CloudApiFleet {
  /** Who may terminate an instance or create a deployment (cloud_controller_ng docs/v3). */
  private static final String WRITE =
      "the Space Developer role in the space (or Admin, or Space Supporter)";

  /**
   * How far two readings of one instance's start may differ: uptime is whole seconds, and the
   * listing is read a moment after the Cloud Controller measured it.
   */
  private static final Duration SAME_START = Duration.ofSeconds(3);

  private final CloudFoundrySettings settings;
  private final CfApi api;
  private String appGuid;
  // index -> when the instance now at that index started, as first seen: its identity
  private final Map<Integer, Instant> started = new HashMap<>();
  // index -> when this fleet terminated it, until the index is seen down or started anew
  private final Map<Integer, Instant> killedAt = new HashMap<>();

  CloudFoundryFleet(
      String cloud,
      CloudFoundrySettings settings,
      CfApi api,
      boolean dryRun,
      Duration serveTimeout) {
    super(
        cloud,
        settings.pollInterval(),
        dryRun,
        serveTimeout,
        "the " + settings.selector() + " has no instance; is the app started (cf app)?");
    this.settings = settings;
    this.api = api;
  }

  @Override
  protected List<Instance> list() {
    String app = appGuid();
    JsonNode process =
        api.find("/v3/apps/" + app + "/processes/" + encode(settings.processType()))
            .orElseThrow(() -> noProcess(app));
    JsonNode stats = api.get("/v3/processes/" + process.path("guid").asText() + "/stats");
    List<Instance> instances = new ArrayList<>();
    Instant now = Instant.now();
    for (JsonNode stat : stats.path("resources")) {
      instances.add(instance(stat, now));
    }
    return instances;
  }

  private FleetException noProcess(String app) {
    List<String> types = new ArrayList<>();
    for (JsonNode process : api.get("/v3/apps/" + app + "/processes").path("resources")) {
      types.add(process.path("type").asText());
    }
    return new FleetException(
        "cloud '"
            + cloud
            + "': app "
            + settings.app()
            + " has no process of type '"
            + settings.processType()
            + "'"
            + Suggestions.closest(settings.processType(), types)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("")
            + "; its processes: "
            + (types.isEmpty() ? "none" : String.join(", ", types))
            + " (processType:)");
  }

  private Instance instance(JsonNode stat, Instant now) {
    int index = stat.path("index").asInt();
    String state = stat.path("state").asText("");
    // RUNNING but not routable (a readiness check failing): the router sends it nothing yet.
    InstanceState mapped =
        state.equals("RUNNING") && !stat.path("routable").asBoolean(true)
            ? InstanceState.STARTING
            : state(state);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("index", Integer.toString(index));
    facts.put("cf-state", state);
    String host = stat.path("host").asText("");
    JsonNode ports = stat.path("instance_ports");
    URI address = null;
    if (!host.isEmpty() && ports.size() > 0) {
      address = URI.create("http://" + host + ":" + ports.get(0).path("external").asInt());
    }
    String instanceGuid = stat.path("instance_guid").asText("");
    long uptime = stat.path("uptime").asLong();
    if (mapped == InstanceState.RUNNING) {
      facts.put("uptime", uptime + " s");
    }
    if (mapped != InstanceState.RUNNING) {
      seenDown(index);
      facts.put("uid", "not-running");
    } else if (!instanceGuid.isEmpty()) {
      // Diego's own id of the instance: a restarted index has a new one (cloud_controller_ng
      // process_stats_presenter.rb, since 2025).
      facts.put("uid", instanceGuid);
    } else {
      facts.put("uid", Long.toString(startOf(index, now.minusSeconds(uptime)).getEpochSecond()));
    }
    return new Instance(
        // The stats name no availability zone: the zone is left empty, not guessed.
        settings.app() + "-" + index, cloud, "", address, mapped, Map.of(), facts);
  }

  /**
   * Where the Cloud Controller gives no instance guid: the start of the instance at {@code index},
   * as first seen. A reading within {@link #SAME_START} of it is the same instance. After a kill of
   * the index, the instance there counts as new only once the index was seen not running, or when
   * it started after the kill: until then a later reading (a slow listing, a clock step, Diego
   * resetting its start) is still the killed one, which a replacement must never be taken for.
   */
  private synchronized Instant startOf(int index, Instant reading) {
    Instant known = started.get(index);
    if (known != null && !reading.isAfter(known.plus(SAME_START))) {
      return known;
    }
    Instant killed = killedAt.get(index);
    if (known != null && killed != null && !reading.isAfter(killed.plus(SAME_START))) {
      return known;
    }
    started.put(index, reading);
    killedAt.remove(index);
    return reading;
  }

  private synchronized void seenDown(int index) {
    if (killedAt.containsKey(index)) {
      killedAt.remove(index);
      started.remove(index); // whatever runs there next is another instance
    }
  }

  /**
   * CF's instance states (cloud_controller_ng docs/v3 process stats; lib/cloud_controller/diego/
   * constants.rb): RUNNING serves; STARTING and CRASHED are on their way back (Diego restarts a
   * crashed instance); STOPPING is going; DOWN is not placed (the stats then hold no host);
   * UNKNOWN, or anything newer, is counted down as well.
   */
  static InstanceState state(String state) {
    return switch (state) {
      case "RUNNING" -> InstanceState.RUNNING;
      case "STOPPING" -> InstanceState.STOPPING;
      case "DOWN" -> InstanceState.STOPPED;
      default -> InstanceState.STARTING;
    };
  }

  @Override
  public void kill(Instance instance) {
    mutating("kill " + instance.qualifiedId());
    terminate(instance);
  }

  @Override
  public String howKilled() {
    return "hard: the Cloud Controller terminates the process instance, and Diego starts the"
        + " index again";
  }

  /**
   * Restarts the index in place: terminated as a kill is, and awaited until the instance that was
   * there no longer runs, so that a wait for the app whole again is not answered by it.
   */
  @Override
  public void reboot(Instance instance) {
    mutating("restart " + instance.qualifiedId());
    terminate(instance);
    boolean gone =
        Poll.within(serveTimeout)
            .every(pollInterval)
            .until(
                () ->
                    instances().stream().noneMatch(i -> i.identity().equals(instance.identity())));
    if (!gone) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + instance.qualifiedId()
              + " was terminated but still ran "
              + serveTimeout.toSeconds()
              + " s later");
    }
  }

  private void terminate(Instance instance) {
    synchronized (this) {
      killedAt.put(Integer.parseInt(instance.facts().get("index")), Instant.now());
    }
    api.delete(
        "/v3/apps/"
            + appGuid()
            + "/processes/"
            + encode(settings.processType())
            + "/instances/"
            + instance.facts().get("index"),
        WRITE);
    forget();
  }

  /** A v3 rolling deployment of the app's current droplet: the platform paces it. */
  @Override
  public boolean rollsOut() {
    return true;
  }

  /** Each new instance runs and is routable before an old one is stopped. */
  @Override
  public boolean rollOutTakesDown() {
    return false;
  }

  /**
   * {@code POST /v3/deployments} with the rolling strategy and the current droplet, followed until
   * its status is FINALIZED (cloud_controller_ng app/models/runtime/deployment_model.rb): DEPLOYED
   * is done; CANCELED or SUPERSEDED is reported with the platform's reason. There is no failed
   * state: a deployment whose new instances crash stays ACTIVE with {@code status.details.error},
   * quoted when the wait gives up; it is left to the platform, to cancel or let finish.
   */
  @Override
  public String rollOut(Duration timeout, int maxDown, Runnable whileWaiting) {
    mutating("roll out a new revision of app " + settings.app());
    if (!settings.processType().equals("web")) {
      // A deployment restarts the app's other processes all at once when it finalizes.
      throw new FleetException(
          "cloud '"
              + cloud
              + "': a Cloud Foundry rollout restarts every "
              + settings.processType()
              + " instance of app "
              + settings.app()
              + " at once as it ends; roll out through a cloud of its web process (processType:"
              + " web)");
    }
    String app = appGuid();
    refuseUnderWay(app);
    String droplet =
        api.find("/v3/apps/" + app + "/droplets/current")
            .orElseThrow(
                () ->
                    new FleetException(
                        "cloud '"
                            + cloud
                            + "': app "
                            + settings.app()
                            + " has no current droplet to roll out; cf push it first"))
            .path("guid")
            .asText();
    List<String> before = instances().stream().map(Instance::identity).toList();
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    var body = RestCalls.JSON.createObjectNode();
    body.putObject("droplet").put("guid", droplet);
    body.put("strategy", "rolling");
    body.putObject("relationships").putObject("app").putObject("data").put("guid", app);
    String deployment = api.post("/v3/deployments", body, WRITE).path("guid").asText();
    forget();
    String named = "deployment " + deployment + " of app " + settings.app();
    awaitDeployed(deployment, named, deadline, timeout, whileWaiting);
    awaitAllNew(before, named, deadline, whileWaiting);
    return "Cloud Foundry rolling "
        + named
        + " (droplet "
        + droplet
        + "): FINALIZED/DEPLOYED, every instance new and routable, in "
        + Durations.format(Duration.between(start, Instant.now()));
  }

  /** A second rollout on top of one under way would judge neither: refused, naming it. */
  private void refuseUnderWay(String app) {
    for (JsonNode active :
        api.get("/v3/deployments?app_guids=" + app + "&status_values=ACTIVE").path("resources")) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': app "
              + settings.app()
              + " has deployment "
              + active.path("guid").asText()
              + " under way ("
              + status(active)
              + "); wait for it, or cf cancel-deployment "
              + settings.app());
    }
  }

  /**
   * Follows the deployment until FINALIZED; a read that fails on the way is one more look, not the
   * end of the wait.
   */
  private void awaitDeployed(
      String deployment, String named, Instant deadline, Duration timeout, Runnable whileWaiting) {
    Optional<JsonNode> finished =
        Poll.within(Duration.between(Instant.now(), deadline))
            .every(pollInterval)
            .failFast(whileWaiting)
            .until(
                () -> {
                  try {
                    JsonNode now = api.get("/v3/deployments/" + deployment);
                    return "FINALIZED".equals(now.at("/status/value").asText())
                        ? Optional.of(now)
                        : Optional.empty();
                  } catch (Unreachable notNow) {
                    return Optional.empty();
                  }
                });
    forget();
    if (finished.isEmpty()) {
      JsonNode last = api.get("/v3/deployments/" + deployment);
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + named
              + " is still "
              + status(last)
              + " after "
              + Durations.format(timeout)
              + " (the cloud's safety.revertTimeout); it is left to the platform (cf"
              + " cancel-deployment "
              + settings.app()
              + " stops it)");
    }
    if (!finished.get().at("/status/reason").asText().equals("DEPLOYED")) {
      throw new FleetException(
          "cloud '" + cloud + "': " + named + " ended " + status(finished.get()));
    }
  }

  /**
   * DEPLOYED is said as the old process is deleted, before its instances have stopped: the rollout
   * is over once every instance listed is a new one, running and routable, so that a verdict on the
   * window judges the old ones' going too.
   */
  private void awaitAllNew(
      List<String> before, String named, Instant deadline, Runnable whileWaiting) {
    if (!awaitAllReplaced(before, deadline, whileWaiting)) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + named
              + " is DEPLOYED, but the app's instances were not all new and running by the"
              + " cloud's safety.revertTimeout");
    }
  }

  /** {@code ACTIVE/DEPLOYING (error: ...)}: the platform's own words. */
  private static String status(JsonNode deployment) {
    String error = deployment.at("/status/details/error").asText("");
    return deployment.at("/status/value").asText("?")
        + "/"
        + deployment.at("/status/reason").asText("?")
        + (error.isEmpty() ? "" : " (" + error + ")");
  }

  /** Cloud Foundry restarts an index in place; it cannot stop one instance of an app. */
  @Override
  public boolean restartsByStopping() {
    return false;
  }

  @Override
  public List<CloudChange> toHoldStop(Instance instance) {
    throw new FleetException(
        "cloud '"
            + cloud
            + "': Cloud Foundry cannot stop one instance of an app (cf stop stops them all); use"
            + " 'is rebooted' to restart it in place, or 'is killed'");
  }

  @Override
  public List<CloudChange> toHoldZoneOutage(String zone) {
    throw new FleetException(
        "cloud '"
            + cloud
            + "': the Cloud Controller does not say which availability zone an app instance runs"
            + " in, so no zone can be taken out; kill a share of its instances instead (When 50%"
            + " of the instances in cloud \""
            + cloud
            + "\" are killed)");
  }

  @Override
  public void stop(Instance instance) {
    toHoldStop(instance);
  }

  @Override
  public void start(Instance instance) {
    toHoldStop(instance);
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return awaitRunning(count, timeout, "instances running and routable");
  }

  private synchronized String appGuid() {
    if (appGuid == null) {
      String org =
          named(
              "/v3/organizations",
              "",
              settings.org(),
              "org",
              "cf orgs lists the orgs the user can see");
      String space =
          named(
              "/v3/spaces",
              "organization_guids=" + org,
              settings.space(),
              "space",
              "cf spaces lists the spaces of org " + settings.org());
      String app =
          named(
              "/v3/apps",
              "space_guids=" + space,
              settings.app(),
              "app",
              "cf apps lists the apps of space " + settings.space());
      if ("STOPPED".equals(api.get("/v3/apps/" + app).path("state").asText())) {
        // Its stats would list every instance DOWN: said now, not as "0 running" mid-scenario.
        throw new FleetException(
            "cloud '"
                + cloud
                + "': app "
                + settings.app()
                + " is stopped; start it (cf start "
                + settings.app()
                + ") before disrupting it");
      }
      appGuid = app;
    }
    return appGuid;
  }

  /**
   * The guid of the resource named {@code name}; when there is none, the names there are, with the
   * closest.
   */
  private String named(String path, String scope, String name, String what, String how) {
    String and = scope.isEmpty() ? "" : "&" + scope;
    JsonNode found = api.get(path + "?names=" + encode(name) + and);
    for (JsonNode resource : found.path("resources")) {
      return resource.path("guid").asText();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode resource :
        api.get(path + "?per_page=5000" + and + "&order_by=name").path("resources")) {
      names.add(resource.path("name").asText());
    }
    throw new FleetException(
        "cloud '"
            + cloud
            + "': no "
            + what
            + " named '"
            + name
            + "' that the user can see"
            + Suggestions.closest(name, names).map(s -> "; did you mean '" + s + "'?").orElse("")
            + (names.isEmpty() ? "; " + how : "; there are: " + String.join(", ", names)));
  }

  /** For a path segment or a query value: a space is %20 in both. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {}
}
