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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  // The health monitor's meltdown (resurrector_helper.rb): minimum_down_jobs, percent_threshold,
  // time_threshold, as it ships them.
  private static final int MELTDOWN_COUNT = 5;
  private static final double MELTDOWN_SHARE = 0.2;
  private static final Duration MELTDOWN_WINDOW = Duration.ofSeconds(600);

  /** How long one listing task may take: the director asks every agent for its state. */
  private static final Duration LISTING = Duration.ofMinutes(2);

  private final BoshSettings settings;
  private final Director director;
  private final Cached<Boolean> resurrection;
  private final Cached<ResurrectionRules> rules;
  // The instances of the whole deployment (errands aside) at the last listing: what the health
  // monitor's meltdown share is of.
  private volatile int deploymentSize;
  // Instances of the whole deployment that should run and do not, at the last listing: the health
  // monitor counts them unhealthy too.
  private volatile Set<String> unhealthyNow = Set.of();
  // Instance ids whose VMs this fleet deleted -> when: the health monitor counts each as unhealthy
  // for 10 minutes.
  private final Map<String, Instant> deleted = new LinkedHashMap<>();
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
                director
                    .get("/resurrection", Director.DIRECTOR_ADMIN)
                    .path("resurrection")
                    .asBoolean(true));
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
    Set<String> errands = errands(deployment);
    List<JsonNode> all = new ArrayList<>();
    for (String line : director.resultOutput(task).split("\n")) {
      if (!line.isBlank()) {
        JsonNode instance = RestCalls.parse(cloud, line, "the listing task's result output");
        boolean errand =
            errands.contains(instance.path("id").asText())
                && !"detached".equals(instance.path("state").asText());
        if (!errand) {
          all.add(instance);
        }
      }
    }
    // The health monitor counts the agents of instances that expect a VM: not a detached one's.
    deploymentSize =
        (int) all.stream().filter(i -> !"detached".equals(i.path("state").asText())).count();
    Set<String> failing = new HashSet<>();
    for (JsonNode instance : all) {
      if ("started".equals(instance.path("state").asText())
          && !"running".equals(text(instance.path("job_state")))) {
        failing.add(instance.path("job_name").asText() + "/" + instance.path("id").asText());
      }
    }
    unhealthyNow = Set.copyOf(failing);
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

  /**
   * The ids of errand instances ({@code lifecycle: errand}): listed with the others, but they have
   * no VM between runs and never serve. {@code GET /deployments/:d/instances} says {@code
   * expects_vm} (deployments_controller.rb), false for an errand's, and for a detached (hard
   * stopped) instance, which is kept.
   */
  private Set<String> errands(String deployment) {
    Set<String> errands = new HashSet<>();
    for (JsonNode instance :
        director.get("/deployments/" + encode(deployment) + "/instances", Director.READ)) {
      if (!instance.path("expects_vm").asBoolean(true)) {
        errands.add(instance.path("id").asText());
      }
    }
    return errands;
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
    refuseKillOf(instances);
    synchronized (this) {
      Instant now = Instant.now();
      instances.forEach(victim -> deleted.put(victim.id(), now));
    }
    Map<Long, String> tasks = new LinkedHashMap<>();
    try {
      for (Instance instance : instances) {
        String cid = instance.facts().get("vm_cid");
        tasks.put(
            director.change("DELETE", "/vms/" + encode(cid), null, Director.DIRECTOR_ADMIN),
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

  /**
   * The resurrector recreates nothing in a deployment in meltdown: 5 or more of its instances
   * unhealthy within 10 minutes, and 20% or more of them (bosh-monitor resurrector_helper.rb, the
   * defaults of minimum_down_jobs, percent_threshold and time_threshold). A kill that would bring
   * what this fleet deleted in the last 10 minutes and what fails there now to it would be for
   * good, and is refused before anything is recorded or deleted. Deletions by other runs, and the
   * monitor's counting an instance for 10 minutes after it recovers, are not seen: the count is a
   * floor.
   */
  @Override
  public synchronized void refuseKillOf(List<Instance> victims) {
    instances(); // a listing, for the deployment's size and what fails in it now
    Instant now = Instant.now();
    deleted.values().removeIf(at -> at.isBefore(now.minus(MELTDOWN_WINDOW)));
    java.util.Set<String> down = new java.util.TreeSet<>(deleted.keySet());
    down.addAll(unhealthyNow);
    victims.forEach(victim -> down.add(victim.id()));
    int size = Math.max(deploymentSize, down.size());
    if (down.size() >= MELTDOWN_COUNT && down.size() >= MELTDOWN_SHARE * size) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': deleting "
              + (victims.size() == 1 ? "this VM" : "these " + victims.size() + " VMs")
              + " would have "
              + down.size()
              + " of the "
              + size
              + " instances of deployment "
              + settings.deployment()
              + " down within 10 minutes, which the resurrector takes for a meltdown, and it"
              + " would recreate none (bosh-monitor: 5 and 20%); kill fewer, or stop them"
              + " instead (Given every instance in cloud \""
              + cloud
              + "\" is stopped), which the run undoes itself. Nothing was deleted.");
    }
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
          "cloud '" + cloud + "': " + off.get() + ", so a deleted VM may stay dead" + instead);
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
      long task = director.change("PUT", path, "", Director.DEPLOYMENT_ADMIN);
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
   * {@code PUT /deployments/:d/jobs/:group?state=recreate&canaries=1&max_in_flight=N}, empty
   * text/yaml body, as {@code bosh recreate} sends it (bosh-cli director/deployment.go
   * ChangeJobState; deployments_controller.rb takes canaries and max_in_flight over the manifest's
   * update block): one canary, then {@code maxDown} at a time. One instance group after another,
   * each task awaited, so that groups the manifest updates in parallel ({@code serial: false})
   * never take more down together; then every instance runs on a new VM. A halt ends the wait and
   * sends no further group's task; the one under way is left to finish (a cancel would abort an
   * instance mid-update, its jobs unapplied, where the resurrector does not look), and the
   * rollout's ledger entry waits for the deployment whole.
   */
  @Override
  public String rollOut(Duration timeout, int maxDown, Runnable whileWaiting) {
    mutating("recreate every instance of the " + settings.selector());
    List<Instance> listed = instances();
    // A group's recreate starts what was stopped or detached, for good, and passes over what is
    // ignored, which then never comes back new (deployment_plan/instance.rb, instance_planner.rb).
    List<String> held =
        listed.stream()
            .filter(
                i ->
                    !"started".equals(i.facts().get("bosh-state"))
                        || "true".equals(i.facts().get("ignore")))
            .map(
                i ->
                    i.id()
                        + " ("
                        + ("true".equals(i.facts().get("ignore"))
                            ? "ignored"
                            : i.facts().get("bosh-state"))
                        + ")")
            .toList();
    if (!held.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': a recreate would start or pass over "
              + String.join(", ", held)
              + ", which an operator holds so; start or unignore them first, or select an"
              + " instance group without them (instanceGroup:)");
    }
    List<String> before = listed.stream().map(Instance::identity).toList();
    List<String> groups =
        listed.stream().map(i -> i.facts().get("instance-group")).distinct().toList();
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    List<Long> tasks = new ArrayList<>();
    for (String group : groups) {
      String what =
          "recreate of instance group " + group + " of deployment " + settings.deployment();
      long task =
          director.change(
              "PUT",
              "/deployments/"
                  + encode(settings.deployment())
                  + "/jobs/"
                  + encode(group)
                  + "?state=recreate&canaries=1&max_in_flight="
                  + maxDown,
              "",
              Director.DEPLOYMENT_ADMIN);
      tasks.add(task);
      forget();
      Optional<JsonNode> result;
      try {
        result = director.awaitTask(task, remaining(deadline), whileWaiting);
      } finally {
        forget();
      }
      JsonNode ended = result.orElseThrow(() -> stillRunning(task, what));
      if (!"done".equals(ended.path("state").asText())) {
        throw failed(ended, what);
      }
    }
    if (!awaitAllReplaced(before, deadline, whileWaiting)) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': the director's recreate of the "
              + settings.selector()
              + " is done (tasks "
              + tasks
              + "), but its instances were not all on new VMs and running by the cloud's"
              + " safety.revertTimeout");
    }
    return "BOSH recreate of the "
        + settings.selector()
        + " (tasks "
        + tasks.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
        + ", one canary, then "
        + maxDown
        + " at a time): done, every instance on a new VM and running, in "
        + Durations.format(Duration.between(start, Instant.now()));
  }

  /**
   * Waits until the director has no task under way that could still change the selection: one of
   * the deployment (a state change, a recreate, a scan and fix), or a VM's deletion, which names no
   * deployment (vms_controller.rb). {@code GET /tasks?state=queued,processing,cancelling&verbose=2}
   * (tasks_controller.rb: the default verbose=1 hides deletions and scans).
   */
  @Override
  public void awaitSettled(Duration within) {
    Optional<List<String>> underWay =
        Poll.within(within)
            .named("the BOSH director's tasks on " + cloud() + " to settle")
            .every(pollInterval)
            .until(
                () -> {
                  List<String> tasks = underWay();
                  return tasks.isEmpty() ? Optional.of(tasks) : Optional.empty();
                });
    if (underWay.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': the director still has "
              + String.join(", ", underWay())
              + " under way");
    }
    forget();
  }

  private List<String> underWay() {
    List<String> tasks = new ArrayList<>();
    for (JsonNode task :
        director.get("/tasks?state=queued,processing,cancelling&verbose=2", Director.READ)) {
      String description = task.path("description").asText("");
      boolean ours =
          settings.deployment().equals(task.path("deployment").asText(""))
              && !description.equals("retrieve vm-stats");
      if (ours || description.startsWith("delete vm ")) {
        tasks.add(
            "task "
                + task.path("id").asText()
                + " ("
                + description
                + ", "
                + task.path("state").asText()
                + ")");
      }
    }
    return tasks;
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
