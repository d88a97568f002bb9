package dev.shakedown.fleet.bosh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Suggestions;
import dev.shakedown.fleet.Cached;
import dev.shakedown.fleet.CloudApiFleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import dev.shakedown.fleet.rest.RestCalls;
import dev.shakedown.poll.Poll;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The instances of one BOSH deployment, or of one of its instance groups, as the director sees
 * them: listed by {@code GET /deployments/:d/instances?format=full} (a task whose result output is
 * one JSON object per instance, bosh-director jobs/vm_state.rb); killed by {@code DELETE
 * /vms/:cid}, after which the health monitor's resurrector recreates the VM; stopped, started and
 * restarted by {@code PUT /deployments/:d/jobs/:group/:id?state=...} (deployments_controller.rb),
 * each a task awaited until it ends. An instance keeps its id for life; its VM's CID tells a
 * recreated instance from the one that was killed.
 */
final class BoshFleet extends CloudApiFleet {
  private static final int DEPLOYMENT_NOT_FOUND = 70000;

  /** How long one listing task may take: the director asks every agent for its state. */
  private static final Duration LISTING = Duration.ofMinutes(2);

  private final BoshSettings settings;
  private final Director director;
  private final Cached<Boolean> resurrection;
  private final Cached<ResurrectionRules> rules;
  // The last state change asked of each instance: a start waits for the stop it undoes.
  private final Map<String, Long> changing = new LinkedHashMap<>();

  BoshFleet(
      String cloud,
      BoshSettings settings,
      Director director,
      boolean dryRun,
      Duration serveTimeout) {
    super(
        cloud,
        settings.pollInterval(),
        dryRun,
        serveTimeout,
        "the "
            + settings.selector()
            + " has no instance; is it deployed (bosh -d "
            + settings.deployment()
            + " instances)?");
    this.settings = settings;
    this.director = director;
    // GET /resurrection: whether the resurrector is paused for all (resurrection_controller.rb).
    this.resurrection =
        described(
            () ->
                director.get("/resurrection", Director.READ).path("resurrection").asBoolean(true));
    // The resurrection configs, as the health monitor reads them (bosh-monitor director.rb).
    this.rules =
        described(
            () ->
                ResurrectionRules.of(
                    director.get("/configs?type=resurrection&latest=true", Director.READ)));
  }

  @Override
  protected List<Instance> list() {
    String deployment = settings.deployment();
    long task =
        director
            .readTask(
                "/deployments/" + encode(deployment) + "/instances?format=full",
                DEPLOYMENT_NOT_FOUND,
                Director.READ)
            .orElseThrow(this::noDeployment);
    JsonNode ended =
        director
            .awaitTask(task, LISTING, () -> {})
            .orElseThrow(
                () ->
                    new FleetException(
                        "cloud '"
                            + cloud
                            + "': the director's task "
                            + task
                            + " listing the instances of deployment "
                            + deployment
                            + " did not end within "
                            + Durations.format(LISTING)));
    if (!"done".equals(ended.path("state").asText())) {
      throw failed(ended, "listing the instances of deployment " + deployment);
    }
    List<JsonNode> all = new ArrayList<>();
    for (String line : director.resultOutput(task).split("\n")) {
      if (!line.isBlank()) {
        all.add(RestCalls.parse(cloud, line, "the listing task's result output"));
      }
    }
    String group = settings.instanceGroup();
    List<JsonNode> selected =
        all.stream()
            .filter(i -> group == null || group.equals(i.path("job_name").asText()))
            .sorted(
                Comparator.comparing((JsonNode i) -> i.path("job_name").asText())
                    .thenComparingInt(i -> i.path("index").asInt()))
            .toList();
    if (group != null && selected.isEmpty() && !all.isEmpty()) {
      throw noGroup(all);
    }
    return selected.stream().map(this::instance).toList();
  }

  private FleetException noDeployment() {
    List<String> names = new ArrayList<>();
    for (JsonNode deployment :
        director.get(
            "/deployments?exclude_configs=true&exclude_releases=true&exclude_stemcells=true",
            Director.READ)) {
      names.add(deployment.path("name").asText());
    }
    return new FleetException(
        "cloud '"
            + cloud
            + "': the director has no deployment '"
            + settings.deployment()
            + "' that client "
            + settings.clientId()
            + " can see"
            + Suggestions.closest(settings.deployment(), names)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("")
            + (names.isEmpty()
                ? "; bosh deployments lists them"
                : "; there are: " + String.join(", ", names))
            + " (deployment:)");
  }

  private FleetException noGroup(List<JsonNode> all) {
    TreeSet<String> groups = new TreeSet<>();
    all.forEach(i -> groups.add(i.path("job_name").asText()));
    return new FleetException(
        "cloud '"
            + cloud
            + "': deployment "
            + settings.deployment()
            + " has no instance group '"
            + settings.instanceGroup()
            + "'"
            + Suggestions.closest(settings.instanceGroup(), List.copyOf(groups))
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("")
            + "; its groups: "
            + String.join(", ", groups)
            + " (instanceGroup:)");
  }

  private Instance instance(JsonNode line) {
    String group = line.path("job_name").asText();
    String uuid = line.path("id").asText();
    String cid = text(line.path("vm_cid"));
    String desired = text(line.path("state"));
    String job = text(line.path("job_state"));
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("instance-group", group);
    facts.put("index", line.path("index").asText());
    facts.put("vm_cid", cid);
    facts.put("bosh-state", desired);
    facts.put("job_state", job.isEmpty() ? "no VM" : job);
    // A recreated VM has a new CID: the instance that was killed is never taken for it.
    facts.put("uid", cid.isEmpty() ? "no-vm" : cid);
    if (line.path("ignore").asBoolean(false)) {
      facts.put("ignore", "true");
    }
    URI address = null;
    JsonNode ips = line.path("ips");
    if (settings.port() != null && ips.size() > 0) {
      address = URI.create("http://" + ips.get(0).asText() + ":" + settings.port());
    }
    return new Instance(
        group + "/" + uuid,
        cloud,
        text(line.path("az")),
        address,
        state(desired, job, cid),
        Map.of(),
        facts);
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? "" : node.asText();
  }

  /**
   * An instance's state from what the director wants of it ({@code state}: started, stopped,
   * detached) and what its agent says ({@code job_state}: running, starting, failing, stopped;
   * "unresponsive agent" where the agent does not answer; none without a VM). Only a started
   * instance whose jobs run serves.
   */
  static InstanceState state(String desired, String job, String cid) {
    if (cid.isEmpty()) {
      // No VM: a hard stop keeps it so; else the resurrector or a deploy is to create one.
      return desired.equals("detached") ? InstanceState.STOPPED : InstanceState.STARTING;
    }
    if (desired.equals("stopped") || desired.equals("detached")) {
      return job.equals("running") ? InstanceState.STOPPING : InstanceState.STOPPED;
    }
    return job.equals("running") ? InstanceState.RUNNING : InstanceState.STARTING;
  }

  @Override
  public void kill(Instance instance) {
    killAll(List.of(instance));
  }

  /**
   * {@code DELETE /vms/:cid} of each (vms_controller.rb), asked all at once, then each deletion
   * task awaited: the VM serves until the CPI has deleted it, and a kill is said to be done only
   * once it is gone. A deletion that fails is quoted in the director's words.
   */
  @Override
  public void killAll(List<Instance> instances) {
    for (Instance instance : instances) {
      mutating("delete the VM of " + instance.qualifiedId());
      if (instance.facts().getOrDefault("vm_cid", "").isEmpty()) {
        throw new FleetException(
            "cloud '" + cloud + "': " + instance.qualifiedId() + " has no VM to delete");
      }
    }
    Map<Long, String> tasks = new LinkedHashMap<>();
    try {
      for (Instance instance : instances) {
        String cid = instance.facts().get("vm_cid");
        tasks.put(
            director.change("DELETE", "/vms/" + encode(cid), null, Director.WRITE),
            "deleting VM " + cid + " of " + instance.qualifiedId());
      }
    } finally {
      forget();
    }
    Instant deadline = Instant.now().plus(serveTimeout);
    for (Map.Entry<Long, String> task : tasks.entrySet()) {
      JsonNode ended = awaitUntil(task.getKey(), deadline, task.getValue());
      if (!"done".equals(ended.path("state").asText())) {
        throw failed(ended, task.getValue());
      }
    }
    forget();
  }

  @Override
  public String howKilled() {
    return "hard: the director deletes the VM (DELETE /vms/:cid), and the resurrector recreates"
        + " it";
  }

  /**
   * A kill is undone by the resurrector alone: refused, saying why and what to do instead, where it
   * would not recreate the VM (paused for all, off for the group by a resurrection config, or the
   * instance ignored).
   */
  @Override
  public boolean replacesKilled(Instance instance) {
    String group = instance.facts().getOrDefault("instance-group", "");
    String instead =
        "; turn it on, or take instances away with 'is stopped' or 'rolls out a new revision' (a"
            + " recreate) instead";
    if ("true".equals(instance.facts().get("ignore"))) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + instance.qualifiedId()
              + " is ignored (bosh ignore), and the resurrector leaves an ignored instance dead;"
              + " unignore it, or stop it instead");
    }
    if (!resurrection.get()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': the director's resurrector is paused for all deployments (bosh"
              + " update-resurrection off), so a deleted VM would stay dead"
              + instead);
    }
    Optional<String> off = rules.get().offBy(settings.deployment(), group);
    if (off.isPresent()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': resurrection config '"
              + off.get()
              + "' turns the resurrector off for instance group "
              + group
              + " of deployment "
              + settings.deployment()
              + ", so a deleted VM would stay dead"
              + instead);
    }
    return true;
  }

  @Override
  public void stop(Instance instance) {
    change(instance, "stopped", "stop");
  }

  @Override
  public void start(Instance instance) {
    change(instance, "started", "start");
  }

  /** {@code state=restart}: its jobs stopped and started on the same VM, the task awaited. */
  @Override
  public void reboot(Instance instance) {
    change(instance, "restart", "restart");
  }

  /**
   * One instance's state changed by a task, awaited until it ends. A task that could not take the
   * deployment's lock (another task holds it for more than the director's 10 s, lock_helper.rb) is
   * asked again until the cloud's safety.revertTimeout, so that a revert is not lost to a deploy
   * under way.
   */
  private void change(Instance instance, String state, String verb) {
    mutating(verb + " " + instance.qualifiedId());
    String[] slug = slug(instance);
    String path =
        "/deployments/"
            + encode(settings.deployment())
            + "/jobs/"
            + encode(slug[0])
            + "/"
            + encode(slug[1])
            + "?state="
            + state;
    Instant deadline = Instant.now().plus(serveTimeout);
    awaitEarlierChange(instance, deadline);
    while (true) {
      long task = director.change("PUT", path, "", Director.WRITE);
      synchronized (this) {
        changing.put(instance.id(), task);
      }
      JsonNode ended = awaitUntil(task, deadline, verb + " of " + instance.qualifiedId());
      forget();
      if ("done".equals(ended.path("state").asText())) {
        return;
      }
      String result = ended.path("result").asText("");
      if (result.startsWith("Failed to acquire lock") && Instant.now().isBefore(deadline)) {
        pause();
        continue;
      }
      throw failed(ended, verb + " of " + instance.qualifiedId());
    }
  }

  /**
   * A start that undoes a stop still under way (a Ctrl-C mid-stop) waits for it first: the director
   * would run them in turn anyway, and the start must come last.
   */
  private void awaitEarlierChange(Instance instance, Instant deadline) {
    Long earlier;
    synchronized (this) {
      earlier = changing.get(instance.id());
    }
    if (earlier != null) {
      director.awaitTask(earlier, remaining(deadline), () -> {});
    }
  }

  private JsonNode awaitUntil(long task, Instant deadline, String what) {
    return director
        .awaitTask(task, remaining(deadline), () -> {})
        .orElseThrow(() -> stillRunning(task, what));
  }

  private FleetException stillRunning(long task, String what) {
    return new FleetException(
        "cloud '"
            + cloud
            + "': the director's task "
            + task
            + " ("
            + what
            + ") is still "
            + director.task(task).path("state").asText("?")
            + " after the cloud's safety.revertTimeout of "
            + Durations.format(serveTimeout)
            + "; it is left to the director (bosh task "
            + task
            + " follows it, bosh cancel-task "
            + task
            + " stops it)");
  }

  /** {@code task 42 (restart of ...) ended error: <the director's own result text>}. */
  private FleetException failed(JsonNode task, String what) {
    return new FleetException(
        "cloud '"
            + cloud
            + "': the director's task "
            + task.path("id").asText("?")
            + " ("
            + what
            + ") ended "
            + task.path("state").asText("?")
            + ": "
            + task.path("result").asText("no result given")
            + " (bosh task "
            + task.path("id").asText("?")
            + " --debug shows why)");
  }

  /**
   * Every instance of the selection recreated on a new VM, as the deployment's update settings pace
   * it.
   */
  @Override
  public boolean rollsOut() {
    return true;
  }

  /**
   * {@code PUT /deployments/:d/jobs/*?state=recreate} (or {@code /jobs/:group} for one instance
   * group), empty text/yaml body, as {@code bosh recreate} sends it (bosh-cli
   * director/deployment.go ChangeJobState): the director recreates the instances canaries first,
   * then max_in_flight at a time, as the manifest's update block says. Awaited until the task ends,
   * then until every instance runs on a new VM.
   */
  @Override
  public String rollOut(Duration timeout, Runnable whileWaiting) {
    mutating("recreate every instance of the " + settings.selector());
    String group = settings.instanceGroup() == null ? "*" : encode(settings.instanceGroup());
    List<String> before = instances().stream().map(Instance::identity).toList();
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    long task =
        director.change(
            "PUT",
            "/deployments/" + encode(settings.deployment()) + "/jobs/" + group + "?state=recreate",
            "",
            Director.WRITE);
    forget();
    String what = "recreate of the " + settings.selector();
    JsonNode ended =
        director.awaitTask(task, timeout, whileWaiting).orElseThrow(() -> stillRunning(task, what));
    forget();
    if (!"done".equals(ended.path("state").asText())) {
      throw failed(ended, what);
    }
    boolean allNew =
        Poll.within(remaining(deadline))
            .every(pollInterval)
            .failFast(whileWaiting)
            .until(
                () -> {
                  List<Instance> now = instances();
                  return now.size() >= before.size()
                      && now.stream().allMatch(i -> i.state() == InstanceState.RUNNING)
                      && now.stream().noneMatch(i -> before.contains(i.identity()));
                });
    if (!allNew) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': the director's task "
              + task
              + " ("
              + what
              + ") is done, but the instances were not all on new VMs and running by the cloud's"
              + " safety.revertTimeout");
    }
    return "BOSH "
        + what
        + " (task "
        + task
        + ", paced by the deployment's update settings): done, every instance on a new VM and"
        + " running, in "
        + Durations.format(Duration.between(start, Instant.now()));
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return awaitRunning(count, timeout, "instances started with their jobs running");
  }

  /** {@code group/uuid}, as the bosh CLI names an instance. */
  private String[] slug(Instance instance) {
    int slash = instance.id().indexOf('/');
    if (slash < 1) {
      throw new FleetException(
          "cloud '" + cloud + "': '" + instance.id() + "' is no BOSH instance (group/id)");
    }
    return new String[] {instance.id().substring(0, slash), instance.id().substring(slash + 1)};
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("cloud '" + cloud + "': interrupted while waiting for the director");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {}
}
