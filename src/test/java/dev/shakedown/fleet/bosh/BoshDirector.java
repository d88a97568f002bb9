package dev.shakedown.fleet.bosh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shakedown.testing.StandInHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful stand-in for a BOSH director, its UAA and its health monitor's resurrector, on
 * loopback, bodies and behaviour as cloudfoundry/bosh's director gives them
 * (api/controllers/deployments_controller.rb, vms_controller.rb, tasks_controller.rb,
 * resurrection_controller.rb; jobs/vm_state.rb; errors.rb; lock_helper.rb): what changes anything
 * answers 302 to {@code /tasks/:id}; a task is queued, then processing, then done or error, its
 * result output newline-delimited JSON; a deployment's tasks take its lock in turn, and one that
 * waits for it longer than the lock timeout ends in error; a deleted VM is recreated by the
 * resurrector after a delay, with a new CID; tokens expire; a read-only client gets 401 code 600000
 * on a change.
 */
final class BoshDirector implements AutoCloseable {
  static final String CLIENT = "shakedown";
  static final String SECRET = "director-s3cret-Client";
  static final String READER = "auditor";

  /**
   * A client with bosh.teams.donations.admin: its team's deployments' admin, not the director's.
   */
  static final String TEAM_ADMIN = "donations-team";

  static final String UUID_OF_DIRECTOR = "4d0a7e3e-8c35-4c3e-9f0b-5b0b6f0b6c1a";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<HttpServer> balancers = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong taskIds = new AtomicLong(100);
  private final AtomicLong cids = new AtomicLong(1000);
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final Map<Long, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Long> locks = new HashMap<>(); // deployment -> task holding its lock
  private final Map<String, Instant> tokens = new HashMap<>(); // token -> expiry
  private final Map<String, String> tokenClients = new HashMap<>();

  final List<String> requests = new CopyOnWriteArrayList<>();

  /** Every token handed out, for a test that looks for them in the output. */
  final List<String> issued = new CopyOnWriteArrayList<>();

  volatile long tokenSeconds = 600;
  volatile Duration queued = Duration.ofMillis(50);
  volatile Duration vmDelete = Duration.ofMillis(200);
  volatile Duration vmCreate = Duration.ofMillis(300);
  volatile Duration jobStop = Duration.ofMillis(200);
  volatile Duration jobStart = Duration.ofMillis(300);

  /** How long the health monitor takes to find a VM gone and have it recreated. */
  volatile Duration resurrectAfter = Duration.ofSeconds(1);

  /** How long a task waits for its deployment's lock (lock_helper.rb: 10 s). */
  volatile Duration lockTimeout = Duration.ofSeconds(10);

  volatile boolean resurrectionPaused;

  /** The content of the latest resurrection config, or null for none. */
  volatile String resurrectionConfig;

  /** The result text the next state-change task ends in error with; null to succeed. */
  volatile String failNextChange;

  /** Whether a recreate fails after its canary, as the director says of a canary that failed. */
  volatile boolean canaryFails;

  private record Deployment(String name, List<Inst> instances) {}

  private static final class Inst {
    final String group;
    final String uuid = UUID.randomUUID().toString();
    final int index;
    final String az;
    String state = "started";
    Vm vm;
    Instant vmGoneAt;
    boolean ignore;
    boolean errand;
    boolean resurrecting;

    Inst(String group, int index, String az) {
      this.group = group;
      this.index = index;
      this.az = az;
    }
  }

  private static final class Vm {
    final String cid;
    final String agentId = UUID.randomUUID().toString();
    final Instant created = Instant.now();
    final String ip;
    String jobState;

    Vm(String cid, String ip, String jobState) {
      this.cid = cid;
      this.ip = ip;
      this.jobState = jobState;
    }
  }

  private static final class Task {
    final long id;
    final String description;
    final String deployment;
    final String user;
    final long timestamp = Instant.now().getEpochSecond();
    String state = "queued";
    Long startedAt;
    String result;
    final StringBuilder output = new StringBuilder();

    Task(long id, String description, String deployment, String user) {
      this.id = id;
      this.description = description;
      this.deployment = deployment;
      this.user = user;
    }
  }

  BoshDirector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    monitor.scheduleWithFixedDelay(this::resurrect, 50, 50, TimeUnit.MILLISECONDS);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A deployment of {@code count} instances of {@code group}, spread over z1 and z2, running. */
  synchronized BoshDirector deployment(String name, String group, int count) {
    List<Inst> instances =
        deployments.computeIfAbsent(name, n -> new Deployment(n, new ArrayList<>())).instances();
    for (int i = 0; i < count; i++) {
      Inst inst = new Inst(group, i, i % 2 == 0 ? "z1" : "z2");
      inst.vm = new Vm(newCid(), "10.0.16." + (10 + instances.size()), "running");
      instances.add(inst);
    }
    return this;
  }

  /** An errand's instance: listed, but with no VM between its runs. */
  synchronized BoshDirector errand(String deployment, String group) {
    List<Inst> instances = deployments.get(deployment).instances();
    Inst inst = new Inst(group, 0, "z1");
    inst.errand = true;
    instances.add(inst);
    return this;
  }

  synchronized void ignore(String deployment, int index) {
    deployments.get(deployment).instances().get(index).ignore = true;
  }

  /** Tokens handed out so far stop working, as after their expiry. */
  synchronized void expireTokens() {
    tokens.replaceAll((token, expiry) -> Instant.EPOCH);
  }

  /** The requests that change something: every PUT, POST and DELETE but UAA's. */
  List<String> mutating() {
    return requests.stream()
        .filter(r -> !r.startsWith("GET ") && !r.startsWith("POST /uaa/"))
        .toList();
  }

  /** {@code bosh-state/job_state/cid} of each instance of a deployment. */
  synchronized List<String> states(String deployment) {
    return deployments.get(deployment).instances().stream()
        .map(i -> i.state + "/" + (i.vm == null ? "-" : i.vm.jobState + "/" + i.vm.cid))
        .toList();
  }

  /** The task descriptions, in order. */
  synchronized List<String> taskDescriptions() {
    return tasks.values().stream().map(t -> t.description + ": " + t.state).toList();
  }

  private String newCid() {
    return "i-0" + Long.toHexString(cids.incrementAndGet()) + "abcdef";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(method + " " + path + (query == null ? "" : "?" + query));
    try {
      route(exchange, method, path, StandInHttp.query(query));
    } catch (RuntimeException e) {
      StandInHttp.sendJson(exchange, 500, error(100, e.toString()));
    }
  }

  private void route(HttpExchange exchange, String method, String path, Map<String, String> query)
      throws IOException {
    if (method.equals("GET") && path.equals("/info")) {
      info(exchange);
      return;
    }
    if (method.equals("POST") && path.equals("/uaa/oauth/token")) {
      token(exchange);
      return;
    }
    String client = authorized(exchange);
    if (client == null) {
      // base_controller.rb: a plain text body, and Basic named as the realm
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"BOSH Director\"");
      StandInHttp.sendText(exchange, 401, "Not authorized: '" + path + "'\n");
      return;
    }
    String[] parts = path.substring(1).split("/");
    // scoping.rb: a route without a scope of its own takes the director's admin; a deployment's
    // state change takes that deployment's admin, which its team's admin scope grants
    // (permission_authorizer.rb). Refused as UnauthorizedToAccessDeployment, 401.
    boolean directorAdmin = method.equals("DELETE") || path.equals("/resurrection");
    boolean deploymentAdmin = method.equals("PUT") && parts[0].equals("deployments");
    String admin = "Require one of the scopes: bosh.admin, bosh." + UUID_OF_DIRECTOR + ".admin";
    if (directorAdmin && !client.equals(CLIENT)) {
      StandInHttp.sendJson(exchange, 401, error(600000, admin));
      return;
    }
    if (deploymentAdmin && client.equals(READER)) {
      StandInHttp.sendJson(exchange, 401, error(600000, admin + ", bosh.teams.donations.admin"));
      return;
    }
    synchronized (this) {
      if (method.equals("GET") && path.equals("/resurrection")) {
        ObjectNode body = JSON.createObjectNode();
        body.put("resurrection", !resurrectionPaused);
        StandInHttp.sendJson(exchange, 200, body);
      } else if (method.equals("GET") && path.equals("/configs")) {
        configs(exchange, query);
      } else if (method.equals("GET") && path.equals("/deployments")) {
        ArrayNode list = JSON.createArrayNode();
        for (Deployment deployment : deployments.values()) {
          ObjectNode d = list.addObject();
          d.put("name", deployment.name());
          d.putArray("teams");
          d.put("locked", locks.containsKey(deployment.name()));
        }
        StandInHttp.sendJson(exchange, 200, list);
      } else if (method.equals("GET") && path.equals("/tasks")) {
        tasks(exchange, query);
      } else if (method.equals("GET") && parts.length == 2 && parts[0].equals("tasks")) {
        Task task = tasks.get(Long.parseLong(parts[1]));
        if (task == null) {
          StandInHttp.sendJson(exchange, 404, error(10000, "Task " + parts[1] + " not found"));
        } else {
          StandInHttp.sendJson(exchange, 200, task(task));
        }
      } else if (method.equals("GET") && parts.length == 3 && parts[2].equals("output")) {
        Task task = tasks.get(Long.parseLong(parts[1]));
        if (!"result".equals(query.get("type")) || task.output.length() == 0) {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        } else {
          StandInHttp.sendText(exchange, 200, task.output.toString());
        }
      } else if (parts[0].equals("deployments") && parts.length >= 2) {
        deployments(exchange, method, parts, query, client);
      } else if (method.equals("DELETE") && parts.length == 2 && parts[0].equals("vms")) {
        String cid = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        redirect(exchange, enqueue("delete vm " + cid, null, client, task -> deleteVm(task, cid)));
      } else {
        notFound(exchange);
      }
    }
  }

  private void deployments(
      HttpExchange exchange,
      String method,
      String[] parts,
      Map<String, String> query,
      String client)
      throws IOException {
    String name = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
    Deployment deployment = deployments.get(name);
    if (deployment == null) {
      // api/deployment_lookup.rb
      StandInHttp.sendJson(exchange, 404, error(70000, "Deployment '" + name + "' doesn't exist"));
      return;
    }
    if (method.equals("GET") && parts.length == 3 && parts[2].equals("instances")) {
      if ("full".equals(query.get("format"))) {
        redirect(
            exchange,
            enqueue("retrieve vm-stats", name, client, task -> vmStats(task, deployment)));
      } else {
        // create_instances_response_with_vm_expected
        ArrayNode list = JSON.createArrayNode();
        for (Inst inst : deployment.instances()) {
          ObjectNode item = list.addObject();
          item.put("agent_id", inst.vm == null ? null : inst.vm.agentId);
          item.put("cid", inst.vm == null ? null : inst.vm.cid);
          item.put("job", inst.group);
          item.put("index", inst.index);
          item.put("id", inst.uuid);
          item.put("az", inst.az);
          ArrayNode ips = item.putArray("ips");
          if (inst.vm != null) {
            ips.add(inst.vm.ip);
          }
          item.put("vm_created_at", inst.vm == null ? null : inst.vm.created.toString());
          item.put(
              "expects_vm",
              !inst.errand && (inst.state.equals("started") || inst.state.equals("stopped")));
        }
        StandInHttp.sendJson(exchange, 200, list);
      }
      return;
    }
    if (method.equals("PUT") && parts.length >= 4 && parts[2].equals("jobs")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.split(";")[0].trim().equals("text/yaml")) {
        // consumes: :yaml: any other content type matches no route
        notFound(exchange);
        return;
      }
      String state = query.getOrDefault("state", "");
      String group = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
      if (parts.length == 4) {
        List<Inst> all =
            deployment.instances().stream()
                .filter(i -> group.equals("*") || i.group.equals(group))
                .toList();
        int canaries = Integer.parseInt(query.getOrDefault("canaries", "1"));
        int maxInFlight = Integer.parseInt(query.getOrDefault("max_in_flight", "1"));
        redirect(
            exchange,
            enqueue(
                "create deployment",
                name,
                client,
                task -> recreateAll(task, all, canaries, maxInFlight)));
        return;
      }
      String id = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
      Inst inst =
          deployment.instances().stream()
              .filter(
                  i ->
                      i.group.equals(group)
                          && (i.uuid.equals(id) || Integer.toString(i.index).equals(id)))
              .findFirst()
              .orElse(null);
      if (inst == null) {
        // api/instance_lookup.rb
        StandInHttp.sendJson(
            exchange, 404, error(70001, "'" + name + "/" + group + "/" + id + "' doesn't exist"));
        return;
      }
      String fail = failNextChange;
      failNextChange = null;
      redirect(
          exchange,
          enqueue("create deployment", name, client, task -> changeState(task, inst, state, fail)));
      return;
    }
    notFound(exchange);
  }

  /**
   * {@code GET /tasks} (tasks_controller.rb): filtered by state and deployment; verbose=1, the
   * default, hides what is not a deployment's own (a VM's deletion, a listing, a scan and fix).
   */
  private void tasks(HttpExchange exchange, Map<String, String> query) throws IOException {
    List<String> states =
        query.containsKey("state") ? List.of(query.get("state").split(",")) : List.of();
    boolean verbose = "2".equals(query.get("verbose"));
    ArrayNode list = JSON.createArrayNode();
    for (Task task : tasks.values()) {
      boolean shown =
          (states.isEmpty() || states.contains(task.state))
              && (!query.containsKey("deployment")
                  || query.get("deployment").equals(task.deployment))
              && (verbose || task.description.equals("create deployment"));
      if (shown) {
        list.add(task(task));
      }
    }
    StandInHttp.sendJson(exchange, 200, list);
  }

  private void configs(HttpExchange exchange, Map<String, String> query) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    if ("resurrection".equals(query.get("type")) && resurrectionConfig != null) {
      ObjectNode config = list.addObject();
      config.put("id", "7");
      config.put("name", "keep-dead");
      config.put("type", "resurrection");
      config.put("content", resurrectionConfig);
      config.putNull("team");
      config.put("created_at", "2026-11-01 10:00:00 UTC");
      config.put("current", true);
    }
    StandInHttp.sendJson(exchange, 200, list);
  }

  @FunctionalInterface
  private interface Work {
    void run(Task task) throws InterruptedException;
  }

  /** A task, queued, then run by a worker: its work's exception is its error result. */
  private synchronized long enqueue(String description, String deployment, String user, Work work) {
    Task task = new Task(taskIds.incrementAndGet(), description, deployment, user);
    tasks.put(task.id, task);
    workers.execute(
        () -> {
          try {
            Thread.sleep(queued.toMillis());
            synchronized (this) {
              task.state = "processing";
              task.startedAt = Instant.now().getEpochSecond();
            }
            work.run(task);
            synchronized (this) {
              task.state = "done";
              if (task.result == null) {
                task.result = ""; // finish_task(:done, nil) saves an empty result
              }
            }
          } catch (TaskFailed e) {
            synchronized (this) {
              task.state = "error";
              task.result = e.getMessage();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            synchronized (this) {
              locks.remove(task.deployment, task.id);
            }
          }
        });
    return task.id;
  }

  private static final class TaskFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailed(String message) {
      super(message);
    }
  }

  /** lock_helper.rb, lock.rb: the deployment's lock, waited for up to the lock timeout. */
  private void lock(Task task) throws InterruptedException {
    lock(task, lockTimeout);
  }

  private void lock(Task task, Duration timeout) throws InterruptedException {
    Instant until = Instant.now().plus(timeout);
    while (true) {
      synchronized (this) {
        Long holder = locks.get(task.deployment);
        if (holder == null) {
          locks.put(task.deployment, task.id);
          return;
        }
        if (Instant.now().isAfter(until)) {
          throw new TaskFailed(
              "Failed to acquire lock for lock:deployment:"
                  + task.deployment
                  + " uid: "
                  + UUID.randomUUID()
                  + ". Locking task id is "
                  + holder
                  + ", description: '"
                  + tasks.get(holder).description
                  + "'");
        }
      }
      Thread.sleep(20);
    }
  }

  /** jobs/vm_state.rb with instance states: one line per instance, its active VM's state. */
  private void vmStats(Task task, Deployment deployment) {
    synchronized (this) {
      for (Inst inst : deployment.instances()) {
        ObjectNode line = JSON.createObjectNode();
        Vm vm = inst.vm;
        if (vm == null) {
          line.putNull("vm_cid");
        } else {
          line.put("vm_cid", vm.cid);
        }
        line.put("active", vm != null);
        if (vm == null) {
          line.putNull("vm_created_at");
        } else {
          line.put("vm_created_at", vm.created.toString());
        }
        line.putObject("cloud_properties").put("instance_type", "m5.large");
        line.putNull("disk_cid");
        line.putArray("disk_cids");
        ArrayNode ips = line.putArray("ips");
        if (vm != null) {
          ips.add(vm.ip);
        }
        if (vm == null) {
          line.putNull("agent_id");
        } else {
          line.put("agent_id", vm.agentId);
        }
        line.put("job_name", inst.group);
        line.put("index", inst.index);
        if (vm == null) {
          line.putNull("job_state");
        } else {
          line.put("job_state", vm.jobState);
        }
        line.put("state", inst.state);
        line.put("vm_type", "small");
        line.putObject("vitals");
        line.putArray("processes");
        line.put("az", inst.az);
        line.put("id", inst.uuid);
        line.put("bootstrap", inst.index == 0);
        line.put("ignore", inst.ignore);
        ObjectNode stemcell = line.putObject("stemcell");
        stemcell.put("name", "bosh-aws-xen-hvm-ubuntu-jammy-go_agent");
        stemcell.put("version", "1.606");
        stemcell.put("api_version", 3);
        task.output.append(line).append('\n');
      }
    }
  }

  /** jobs/delete_vm.rb: the VM's agent stops answering, then the VM is gone. */
  private void deleteVm(Task task, String cid) throws InterruptedException {
    Inst inst;
    synchronized (this) {
      inst = byCid(cid);
    }
    // vm_deleter.rb: the CPI deletes the VM, without stopping its jobs first; it serves until then.
    Thread.sleep(vmDelete.toMillis());
    synchronized (this) {
      if (inst != null && inst.vm != null && inst.vm.cid.equals(cid)) {
        inst.vm = null;
        inst.vmGoneAt = Instant.now();
      }
      task.result = "vm " + cid + " deleted";
    }
  }

  private Inst byCid(String cid) {
    for (Deployment deployment : deployments.values()) {
      for (Inst inst : deployment.instances()) {
        if (inst.vm != null && inst.vm.cid.equals(cid)) {
          return inst;
        }
      }
    }
    return null;
  }

  private void changeState(Task task, Inst inst, String state, String fail)
      throws InterruptedException {
    lock(task);
    if (fail != null) {
      Thread.sleep(jobStop.toMillis());
      throw new TaskFailed(fail);
    }
    switch (state) {
      case "stopped" -> {
        setJob(inst, "stopped", jobStop);
        synchronized (this) {
          inst.state = "stopped";
        }
      }
      case "detached" -> {
        setJob(inst, "stopped", jobStop);
        Thread.sleep(vmDelete.toMillis());
        synchronized (this) {
          inst.vm = null;
          inst.state = "detached";
        }
      }
      case "started" -> {
        synchronized (this) {
          inst.state = "started";
        }
        start(inst);
      }
      case "restart" -> {
        setJob(inst, "stopped", jobStop);
        start(inst);
      }
      case "recreate" -> recreate(inst);
      default -> throw new TaskFailed("Unknown state '" + state + "'");
    }
    synchronized (this) {
      task.result = "/deployments/" + task.deployment;
    }
  }

  /** The most instances of one deployment a recreate had down at once. */
  final Map<String, Integer> mostDownAtOnce = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, Integer> downNow = new HashMap<>();

  /**
   * The instances in batches, as instance_group_updater.rb updates them: {@code canaries} first,
   * then {@code max_in_flight} at a time, each batch in parallel.
   */
  private void recreateAll(Task task, List<Inst> all, int canaries, int maxInFlight)
      throws InterruptedException {
    lock(task);
    List<List<Inst>> batches = new ArrayList<>();
    int at = Math.min(canaries, all.size());
    batches.add(all.subList(0, at));
    while (at < all.size()) {
      batches.add(all.subList(at, Math.min(at + maxInFlight, all.size())));
      at += maxInFlight;
    }
    boolean canary = true;
    for (List<Inst> batch : batches) {
      List<Thread> threads = new ArrayList<>();
      for (Inst inst : batch) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    counted(task.deployment, +1);
                    recreate(inst);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    counted(task.deployment, -1);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      if (canary && canaryFails) {
        Inst inst = batch.get(0);
        synchronized (this) {
          inst.vm.jobState = "failing";
        }
        // the director's words for a canary whose jobs do not run (instance_updater)
        throw new TaskFailed(
            "'"
                + inst.group
                + "/"
                + inst.uuid
                + " ("
                + inst.index
                + ")' is not running after update. Review logs for failed jobs: donations-api");
      }
      canary = false;
    }
    synchronized (this) {
      task.result = "/deployments/" + task.deployment;
    }
  }

  private synchronized void counted(String deployment, int change) {
    int now = downNow.merge(deployment, change, Integer::sum);
    mostDownAtOnce.merge(deployment, now, Math::max);
  }

  private void recreate(Inst inst) throws InterruptedException {
    setJob(inst, "stopped", jobStop);
    Thread.sleep(vmDelete.toMillis());
    synchronized (this) {
      inst.vm = null;
      inst.state = "started";
    }
    start(inst);
  }

  private void setJob(Inst inst, String jobState, Duration after) throws InterruptedException {
    Thread.sleep(after.toMillis());
    synchronized (this) {
      if (inst.vm != null) {
        inst.vm.jobState = jobState;
      }
    }
  }

  /** A VM where there is none, then its jobs starting, then running. */
  private void start(Inst inst) throws InterruptedException {
    boolean create;
    synchronized (this) {
      create = inst.vm == null;
    }
    if (create) {
      Thread.sleep(vmCreate.toMillis());
      synchronized (this) {
        inst.vm = new Vm(newCid(), "10.0.16." + (50 + inst.index), "starting");
      }
    } else {
      setJob(inst, "starting", Duration.ZERO);
    }
    setJob(inst, "running", jobStart);
  }

  /**
   * The health monitor: an instance that should run but has had no VM for resurrectAfter is
   * recreated by a scan-and-fix task, unless resurrection is paused, off for it by a config, or the
   * instance is ignored.
   */
  private void resurrect() {
    synchronized (this) {
      if (resurrectionPaused) {
        return;
      }
      for (Deployment deployment : deployments.values()) {
        for (Inst inst : deployment.instances()) {
          if (inst.vm == null
              && !inst.errand
              && inst.state.equals("started")
              && !inst.ignore
              && !inst.resurrecting
              && inst.vmGoneAt != null
              && Instant.now().isAfter(inst.vmGoneAt.plus(resurrectAfter))
              && !offByConfig(deployment.name(), inst.group)) {
            inst.resurrecting = true;
            String name = deployment.name();
            enqueue(
                "scan and fix",
                name,
                "hm",
                task -> {
                  try {
                    lock(task, Duration.ZERO); // scan_and_fix takes the lock with timeout 0
                    start(inst);
                  } finally {
                    synchronized (this) {
                      inst.resurrecting = false;
                      if (inst.vm != null) {
                        inst.vmGoneAt = null; // else the next look tries again
                      }
                    }
                  }
                });
          }
        }
      }
    }
  }

  private boolean offByConfig(String deployment, String group) {
    String config = resurrectionConfig;
    return config != null
        && config.contains("enabled: false")
        && config.contains(deployment)
        && (!config.contains("instance_groups") || config.contains(group));
  }

  private synchronized ObjectNode task(Task task) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", task.id);
    body.put("state", task.state);
    body.put("description", task.description);
    body.put("timestamp", task.timestamp);
    if (task.startedAt == null) {
      body.putNull("started_at");
    } else {
      body.put("started_at", task.startedAt);
    }
    if (task.result == null) {
      body.putNull("result");
    } else {
      body.put("result", task.result);
    }
    body.put("user", task.user);
    if (task.deployment == null) {
      body.putNull("deployment");
    } else {
      body.put("deployment", task.deployment);
    }
    body.put("context_id", "");
    return body;
  }

  private void info(HttpExchange exchange) throws IOException {
    ObjectNode info = JSON.createObjectNode();
    info.put("name", "stand-in");
    info.put("uuid", UUID_OF_DIRECTOR);
    info.put("version", "282.0.3 (00000000)");
    info.putNull("user");
    info.put("cpi", "aws_cpi");
    info.put("stemcell_os", "ubuntu-jammy");
    info.put("stemcell_version", "1.606");
    ObjectNode auth = info.putObject("user_authentication");
    auth.put("type", "uaa");
    ObjectNode options = auth.putObject("options");
    options.put("url", baseUrl() + "/uaa");
    options.putArray("urls").add(baseUrl() + "/uaa");
    info.putObject("features");
    StandInHttp.sendJson(exchange, 200, info);
  }

  /** UAA's client credentials grant, the client in a Basic header as the bosh CLI sends it. */
  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        StandInHttp.query(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic = exchange.getRequestHeaders().getFirst("Authorization");
    String pair =
        basic == null || !basic.startsWith("Basic ")
            ? ""
            : new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
    String client = null;
    if ("client_credentials".equals(form.get("grant_type"))) {
      for (String known : List.of(CLIENT, READER, TEAM_ADMIN)) {
        if (pair.equals(known + ":" + SECRET)) {
          client = known;
        }
      }
    }
    if (client == null) {
      ObjectNode refused = JSON.createObjectNode();
      refused.put("error", "invalid_client");
      refused.put("error_description", "Bad credentials");
      StandInHttp.sendJson(exchange, 401, refused);
      return;
    }
    String access = "eyJ" + UUID.randomUUID().toString().replace("-", "");
    synchronized (this) {
      tokens.put(access, Instant.now().plusSeconds(tokenSeconds));
      tokenClients.put(access, client);
    }
    issued.add(access);
    ObjectNode token = JSON.createObjectNode();
    token.put("access_token", access);
    token.put("token_type", "bearer");
    token.put("expires_in", tokenSeconds);
    token.put(
        "scope",
        switch (client) {
          case READER -> "bosh.read";
          case TEAM_ADMIN -> "bosh.teams.donations.admin";
          default -> "bosh.admin";
        });
    token.put("jti", UUID.randomUUID().toString().replace("-", ""));
    StandInHttp.sendJson(exchange, 200, token);
  }

  private synchronized String authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.toLowerCase(java.util.Locale.ROOT).startsWith("bearer ")) {
      return null;
    }
    String token = header.substring(7);
    Instant expiry = tokens.get(token);
    return expiry == null || Instant.now().isAfter(expiry) ? null : tokenClients.get(token);
  }

  /** Sinatra's redirect: 302, its Location absolute on the director's own address. */
  private void redirect(HttpExchange exchange, long task) throws IOException {
    exchange.getResponseHeaders().set("Location", baseUrl() + "/tasks/" + task);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private static ObjectNode error(int code, String description) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code);
    body.put("description", description);
    return body;
  }

  /** base_controller.rb's not_found. */
  private static void notFound(HttpExchange exchange) throws IOException {
    StandInHttp.sendText(
        exchange, 404, "Endpoint '" + exchange.getRequestURI().getPath() + "' not found.");
  }

  /**
   * A load balancer in front of the deployments ({@link StandInHttp#balancer}): an instance serves
   * when it is started and its jobs run.
   *
   * @param clouds deployment name -> the cloud its instances are
   * @param alwaysUp clouds besides, always serving (another provider's, judged apart)
   */
  synchronized URI balancer(Map<String, String> clouds, String... alwaysUp) throws IOException {
    HttpServer balancer =
        StandInHttp.balancer(
            () -> {
              List<String> backends = new ArrayList<>(List.of(alwaysUp));
              synchronized (this) {
                for (Deployment deployment : deployments.values()) {
                  String cloud = clouds.get(deployment.name());
                  for (Inst inst : deployment.instances()) {
                    if (cloud != null
                        && inst.state.equals("started")
                        && inst.vm != null
                        && inst.vm.jobState.equals("running")) {
                      backends.add(cloud);
                    }
                  }
                }
              }
              return backends;
            });
    balancers.add(balancer);
    return StandInHttp.uri(balancer);
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    balancers.forEach(StandInHttp::stop);
    monitor.shutdownNow();
    workers.shutdownNow();
  }
}
