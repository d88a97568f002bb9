package dev.shakedown.fleet.cloudfoundry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shakedown.testing.StandInHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
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

/**
 * A stateful stand-in for a Cloud Controller (v3) and its UAA, on loopback: bodies as
 * cloud_controller_ng's v3 docs and UAA's token endpoint give them. A terminated instance goes
 * DOWN, then STARTING, then RUNNING again under its index with a fresh uptime, as Diego restarts
 * it; tokens expire and are refreshed; a Space Auditor may read but not terminate (403), and what
 * does not exist is a 404, each with CF's error body.
 */
final class CloudController implements AutoCloseable {
  static final String USER = "shakedown";
  static final String PASSWORD = "s3cret-Passw0rd";
  static final String AUDITOR = "auditor";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<HttpServer> routers = new CopyOnWriteArrayList<>();
  private final Map<String, String> orgs = new LinkedHashMap<>(); // name -> guid
  private final Map<String, Space> spaces = new LinkedHashMap<>(); // guid -> space
  private final Map<String, App> apps = new LinkedHashMap<>(); // guid -> app
  private final Map<String, Instant> tokens = new HashMap<>(); // access token -> expiry
  private final Map<String, String> tokenUsers = new HashMap<>();
  private final Map<String, String> refreshTokens = new HashMap<>(); // refresh -> user
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** The grant of every token request, in order: password, refresh_token, client_credentials. */
  final List<String> grants = new CopyOnWriteArrayList<>();

  /** Every access and refresh token handed out, for a test that looks for them in the output. */
  final List<String> issued = new CopyOnWriteArrayList<>();

  /**
   * How long a terminated instance still runs (Diego's graceful shutdown), then is DOWN, then
   * STARTING, before the index runs again as a new instance.
   */
  volatile Duration stopping = Duration.ZERO;

  /**
   * Whether a shutting-down instance's uptime starts again from the kill, as Diego resets an actual
   * LRP's {@code since} on any change: its start seems to move, though it is the same instance.
   */
  volatile boolean startMovesOnKill;

  /** Whether the stats carry instance_guid, as Cloud Controllers since 2025 do. */
  volatile boolean instanceGuids = true;

  volatile Duration down = Duration.ofMillis(300);

  volatile Duration starting = Duration.ofMillis(700);

  /** How long a rolling deployment takes per instance: a new one runs, then the old one goes. */
  volatile Duration rolloutStep = Duration.ofMillis(400);

  /** What the next deployments do instead of finishing: CANCELED, or stuck (an error). */
  volatile String deploymentsEnd = "DEPLOYED";

  private final Map<String, Deployment> deployments = new LinkedHashMap<>();

  private record Deployment(String guid, App app, String droplet, Instant created, String end) {}

  /** What UAA says a token lasts (expires_in). */
  volatile long tokenSeconds = 600;

  private record Space(String guid, String name, String org) {}

  private static final class App {
    final String guid = UUID.randomUUID().toString();
    final String process = UUID.randomUUID().toString();
    final String name;
    final String space;
    final String host;
    final List<Instant[]> instances = new ArrayList<>(); // {downUntil, startingUntil, started}
    final String droplet = UUID.randomUUID().toString();
    volatile String state = "STARTED";

    App(String name, String space, String host) {
      this.name = name;
      this.space = space;
      this.host = host;
    }
  }

  CloudController() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An app of {@code instances} running instances in org/space, started a minute ago. */
  synchronized CloudController app(String org, String space, String app, int instances) {
    String orgGuid = orgs.computeIfAbsent(org, o -> UUID.randomUUID().toString());
    String spaceGuid =
        spaces.values().stream()
            .filter(s -> s.org().equals(orgGuid) && s.name().equals(space))
            .map(Space::guid)
            .findFirst()
            .orElseGet(
                () -> {
                  Space created = new Space(UUID.randomUUID().toString(), space, orgGuid);
                  spaces.put(created.guid(), created);
                  return created.guid();
                });
    App created = new App(app, spaceGuid, "10.0.16." + (apps.size() + 10));
    for (int i = 0; i < instances; i++) {
      Instant minuteAgo = Instant.now().minusSeconds(60);
      created.instances.add(new Instant[] {minuteAgo, minuteAgo, minuteAgo});
    }
    apps.put(created.guid, created);
    return this;
  }

  /** The app is stopped, as cf stop leaves it: its stats list every instance DOWN. */
  synchronized void stop(String name) {
    apps.values().stream().filter(a -> a.name.equals(name)).forEach(a -> a.state = "STOPPED");
  }

  /** Every token handed out so far is expired now: the next call gets a 401. */
  synchronized void expireTokens() {
    tokens.replaceAll((token, expiry) -> Instant.now().minusSeconds(1));
  }

  /** The calls to the Cloud Controller that change something, as {@code DELETE /v3/...}. */
  List<String> mutating() {
    return requests.stream()
        .filter(r -> !r.startsWith("GET ") && !r.startsWith("POST /login/oauth/token"))
        .toList();
  }

  /** Whether the instance at {@code index} of {@code app} runs, started after {@code after}. */
  synchronized boolean restartedAfter(String app, int index, Instant after) {
    Instant[] life =
        apps.values().stream()
            .filter(a -> a.name.equals(app))
            .findFirst()
            .orElseThrow()
            .instances
            .get(index);
    return life[2].isAfter(after) && Instant.now().isAfter(life[1]);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(method + " " + path + (query == null ? "" : "?" + query));
    try {
      synchronized (this) {
        route(exchange, method, path, StandInHttp.query(query));
      }
    } catch (RuntimeException e) {
      StandInHttp.sendJson(exchange, 500, error(10001, "CF-UnknownError", e.toString()));
    }
  }

  private void route(HttpExchange exchange, String method, String path, Map<String, String> query)
      throws IOException {
    if (path.equals("/") && method.equals("GET")) {
      ObjectNode links = JSON.createObjectNode();
      links.putObject("self").put("href", baseUrl());
      links.putObject("cloud_controller_v3").put("href", baseUrl() + "/v3");
      links.putObject("login").put("href", baseUrl() + "/login");
      links.putObject("uaa").put("href", baseUrl() + "/uaa");
      ObjectNode root = JSON.createObjectNode();
      root.set("links", links);
      StandInHttp.sendJson(exchange, 200, root);
      return;
    }
    if (path.equals("/login/oauth/token") && method.equals("POST")) {
      token(exchange);
      return;
    }
    if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
      StandInHttp.sendJson(
          exchange, 401, error(10002, "CF-NotAuthenticated", "Authentication error"));
      return;
    }
    String user = authorized(exchange); // expired and unknown tokens alike (uaa_token_decoder.rb)
    if (user == null) {
      StandInHttp.sendJson(exchange, 401, error(1000, "CF-InvalidAuthToken", "Invalid Auth Token"));
      return;
    }
    String[] parts = path.substring(1).split("/");
    deployments.values().forEach(this::advance);
    if (method.equals("GET") && path.equals("/v3/organizations")) {
      list(exchange, query, orgs.entrySet().stream().map(e -> named(e.getValue(), e.getKey())));
    } else if (method.equals("GET") && path.equals("/v3/spaces")) {
      list(
          exchange,
          query,
          spaces.values().stream()
              .filter(s -> s.org().equals(query.get("organization_guids")))
              .map(s -> named(s.guid(), s.name())));
    } else if (method.equals("GET") && path.equals("/v3/apps")) {
      list(
          exchange,
          query,
          apps.values().stream()
              .filter(a -> a.space.equals(query.get("space_guids")))
              .map(a -> named(a.guid, a.name)));
    } else if (method.equals("GET")
        && parts.length == 5
        && parts[1].equals("apps")
        && parts[3].equals("processes")) {
      App app = apps.get(parts[2]);
      if (app == null || !parts[4].equals("web")) {
        StandInHttp.sendJson(
            exchange, 404, error(10010, "CF-ResourceNotFound", "Process not found"));
        return;
      }
      ObjectNode process = named(app.process, null);
      process.remove("name");
      process.put("type", "web");
      process.put("instances", app.instances.size());
      StandInHttp.sendJson(exchange, 200, process);
    } else if (method.equals("GET") && parts.length == 4 && parts[3].equals("stats")) {
      App app =
          apps.values().stream().filter(a -> a.process.equals(parts[2])).findFirst().orElse(null);
      if (app == null) {
        StandInHttp.sendJson(
            exchange, 404, error(10010, "CF-ResourceNotFound", "Process not found"));
        return;
      }
      StandInHttp.sendJson(exchange, 200, stats(app));
    } else if (method.equals("GET") && parts.length == 3 && parts[1].equals("apps")) {
      App app = apps.get(parts[2]);
      if (app == null) {
        StandInHttp.sendJson(exchange, 404, error(10010, "CF-ResourceNotFound", "App not found"));
        return;
      }
      ObjectNode body = named(app.guid, app.name);
      body.put("state", app.state);
      StandInHttp.sendJson(exchange, 200, body);
    } else if (method.equals("GET") && parts.length == 4 && parts[3].equals("processes")) {
      App app = apps.get(parts[2]);
      ObjectNode process = named(app.process, null);
      process.remove("name");
      process.put("type", "web");
      process.put("instances", app.instances.size());
      list(exchange, Map.of(), java.util.stream.Stream.of(process));
    } else if (method.equals("GET") && parts.length == 5 && parts[3].equals("droplets")) {
      App app = apps.get(parts[2]);
      ObjectNode droplet = named(app.droplet, null);
      droplet.remove("name");
      droplet.put("state", "STAGED");
      StandInHttp.sendJson(exchange, 200, droplet);
    } else if (method.equals("GET") && path.equals("/v3/deployments")) {
      List<ObjectNode> matching = new ArrayList<>();
      for (Deployment deployment : deployments.values()) {
        ObjectNode shown = deployment(deployment);
        if (deployment.app().guid.equals(query.get("app_guids"))
            && (query.get("status_values") == null
                || shown.at("/status/value").asText().equals(query.get("status_values")))) {
          matching.add(shown);
        }
      }
      list(exchange, Map.of(), matching.stream());
    } else if (method.equals("POST") && path.equals("/v3/deployments")) {
      deploy(exchange, user);
    } else if (method.equals("GET") && parts.length == 3 && parts[1].equals("deployments")) {
      Deployment deployment = deployments.get(parts[2]);
      if (deployment == null) {
        StandInHttp.sendJson(
            exchange, 404, error(10010, "CF-ResourceNotFound", "Deployment not found"));
        return;
      }
      StandInHttp.sendJson(exchange, 200, deployment(deployment));
    } else if (method.equals("DELETE") && parts.length == 7 && parts[5].equals("instances")) {
      terminate(exchange, user, parts);
    } else {
      StandInHttp.sendJson(exchange, 404, error(10000, "CF-NotFound", "Unknown request"));
    }
  }

  private void terminate(HttpExchange exchange, String user, String[] parts) throws IOException {
    App app = apps.get(parts[2]);
    if (app == null || !parts[4].equals("web")) {
      StandInHttp.sendJson(exchange, 404, error(10010, "CF-ResourceNotFound", "Process not found"));
      return;
    }
    if (user.equals(AUDITOR)) {
      StandInHttp.sendJson(
          exchange,
          403,
          error(
              10003, "CF-NotAuthorized", "You are not authorized to perform the requested action"));
      return;
    }
    int index = Integer.parseInt(parts[6]);
    if (index < 0 || index >= app.instances.size()) {
      StandInHttp.sendJson(
          exchange, 404, error(10010, "CF-ResourceNotFound", "Instance not found"));
      return;
    }
    Instant now = Instant.now();
    Instant[] old = app.instances.get(index);
    Instant stopped = now.plus(stopping);
    Instant downUntil = stopped.plus(down);
    Instant startingUntil = downUntil.plus(starting);
    app.instances.set(
        index, new Instant[] {downUntil, startingUntil, startingUntil, stopped, old[2]});
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private void deploy(HttpExchange exchange, String user) throws IOException {
    var body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    App app = apps.get(body.at("/relationships/app/data/guid").asText());
    if (app == null || user.equals(AUDITOR)) {
      StandInHttp.sendJson(
          exchange,
          422,
          error(
              10008,
              "CF-UnprocessableEntity",
              "Unable to use app. Ensure that the app exists and you have access to it."));
      return;
    }
    if (!body.path("strategy").asText("rolling").equals("rolling")
        || !body.at("/droplet/guid").asText().equals(app.droplet)) {
      StandInHttp.sendJson(
          exchange, 422, error(10008, "CF-UnprocessableEntity", "Unexpected body: " + body));
      return;
    }
    Deployment created =
        new Deployment(
            UUID.randomUUID().toString(), app, app.droplet, Instant.now(), deploymentsEnd);
    deployments.put(created.guid(), created);
    StandInHttp.sendJson(exchange, 201, deployment(created));
  }

  /**
   * A rolling deployment's effect on its app: one index after another runs anew (the new instance
   * up before the old goes), so the app keeps serving throughout.
   */
  private void advance(Deployment deployment) {
    if (!deployment.end().equals("DEPLOYED")) {
      return;
    }
    List<Instant[]> instances = deployment.app().instances;
    for (int index = 0; index < instances.size(); index++) {
      Instant switched = deployment.created().plus(rolloutStep.multipliedBy(index + 1L));
      if (Instant.now().isAfter(switched) && instances.get(index)[2].isBefore(switched)) {
        instances.set(index, new Instant[] {switched, switched, switched});
      }
    }
  }

  private ObjectNode deployment(Deployment deployment) {
    Instant now = Instant.now();
    long steps = deployment.app().instances.size() + 1L;
    Instant done = deployment.created().plus(rolloutStep.multipliedBy(steps));
    String value = "ACTIVE";
    String reason = "DEPLOYING";
    String error = null;
    switch (deployment.end()) {
      case "DEPLOYED" -> {
        if (now.isAfter(done)) {
          value = "FINALIZED";
          reason = "DEPLOYED";
        }
      }
      case "CANCELED" -> {
        Instant canceling = deployment.created().plus(rolloutStep);
        if (now.isAfter(canceling.plus(rolloutStep))) {
          value = "FINALIZED";
          reason = "CANCELED";
        } else if (now.isAfter(canceling)) {
          reason = "CANCELING";
        }
      }
      default -> error = "Unable to start instances: the new instances crash on start";
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("guid", deployment.guid());
    body.put("created_at", deployment.created().toString());
    body.put("updated_at", now.toString());
    ObjectNode status = body.putObject("status");
    status.put("value", value);
    status.put("reason", reason);
    ObjectNode details = status.putObject("details");
    details.put("last_successful_healthcheck", now.toString());
    details.put("last_status_change", deployment.created().toString());
    if (error != null) {
      details.put("error", error);
    }
    body.put("strategy", "rolling");
    body.putObject("options").put("max_in_flight", 1);
    body.putObject("droplet").put("guid", deployment.droplet());
    body.putObject("previous_droplet").put("guid", deployment.droplet());
    body.putArray("new_processes");
    body.putNull("revision");
    body.putObject("relationships")
        .putObject("app")
        .putObject("data")
        .put("guid", deployment.app().guid);
    return body;
  }

  private ObjectNode stats(App app) {
    ObjectNode stats = JSON.createObjectNode();
    ArrayNode resources = stats.putArray("resources");
    Instant now = Instant.now();
    for (int index = 0; index < app.instances.size(); index++) {
      Instant[] life = app.instances.get(index);
      if (life.length > 3 && now.isBefore(life[3])) {
        // Still the old one, shutting down; its start as Diego reports it.
        Instant since = startMovesOnKill ? life[3].minus(stopping) : life[4];
        life = new Instant[] {life[4], life[4], since};
      }
      ObjectNode stat = resources.addObject();
      stat.put("type", "web");
      stat.put("index", index);
      String state =
          now.isBefore(life[0]) ? "DOWN" : now.isBefore(life[1]) ? "STARTING" : "RUNNING";
      stat.put("state", state);
      if (state.equals("DOWN")) {
        // Seven keys, no host nor ports (process_stats_presenter_spec.rb)
        stat.putNull("routable");
        stat.put("uptime", 0);
        stat.putNull("isolation_segment");
        stat.putNull("details");
        continue;
      }
      if (instanceGuids) {
        stat.put(
            "instance_guid",
            UUID.nameUUIDFromBytes((app.guid + index + life[2]).getBytes(StandardCharsets.UTF_8))
                .toString());
      }
      stat.put("routable", state.equals("RUNNING"));
      stat.put("host", app.host);
      stat.put("instance_internal_ip", "10.255.93." + (10 + index));
      ArrayNode ports = stat.putArray("instance_ports");
      ports.addObject().put("external", 61000 + index).put("internal", 8080);
      stat.put("uptime", state.equals("RUNNING") ? Duration.between(life[2], now).toSeconds() : 0);
      stat.put("mem_quota", 1073741824L);
      stat.put("disk_quota", 1073741824L);
      stat.put("fds_quota", 16384);
      stat.put("isolation_segment", (String) null);
      stat.put("details", (String) null);
    }
    return stats;
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        StandInHttp.query(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic = exchange.getRequestHeaders().getFirst("Authorization");
    String client =
        basic == null
            ? ""
            : new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
    String user = null;
    grants.add(form.getOrDefault("grant_type", ""));
    switch (form.getOrDefault("grant_type", "")) {
      case "password" -> {
        boolean known =
            (USER.equals(form.get("username")) || AUDITOR.equals(form.get("username")))
                && PASSWORD.equals(form.get("password"));
        user = client.equals("cf:") && known ? form.get("username") : null;
      }
      case "refresh_token" -> user = refreshTokens.remove(form.get("refresh_token"));
      // In the form, as the cf CLI sends them (cli api/uaa/auth.go)
      case "client_credentials" ->
          user =
              "shakedown-client".equals(form.get("client_id"))
                      && PASSWORD.equals(form.get("client_secret"))
                  ? USER
                  : null;
      default -> user = null;
    }
    if (user == null) {
      ObjectNode refused = JSON.createObjectNode();
      // UAA since v76.26.0 answers invalid_client to bad credentials (UaaExceptionTranslator)
      refused.put(
          "error",
          "refresh_token".equals(form.get("grant_type")) ? "invalid_token" : "invalid_client");
      refused.put("error_description", "Bad credentials");
      StandInHttp.sendJson(exchange, 401, refused);
      return;
    }
    String access = "eyJ" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(access, Instant.now().plusSeconds(tokenSeconds));
    issued.add(access);
    tokenUsers.put(access, user);
    ObjectNode token = JSON.createObjectNode();
    token.put("access_token", access);
    token.put("token_type", "bearer");
    if (!form.get("grant_type").equals("client_credentials")) {
      String refresh = UUID.randomUUID().toString().replace("-", "") + "-r";
      refreshTokens.put(refresh, user);
      issued.add(refresh);
      token.put("refresh_token", refresh);
    }
    token.put("expires_in", tokenSeconds);
    token.put("scope", "cloud_controller.read cloud_controller.write openid");
    token.put("jti", UUID.randomUUID().toString().replace("-", ""));
    StandInHttp.sendJson(exchange, 200, token);
  }

  private String authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.toLowerCase(java.util.Locale.ROOT).startsWith("bearer ")) {
      return null;
    }
    String token = header.substring(7);
    Instant expiry = tokens.get(token);
    return expiry == null || Instant.now().isAfter(expiry) ? null : tokenUsers.get(token);
  }

  private void list(
      HttpExchange exchange, Map<String, String> query, java.util.stream.Stream<ObjectNode> all)
      throws IOException {
    String names = query.get("names");
    List<ObjectNode> found =
        all.filter(r -> names == null || List.of(names.split(",")).contains(r.get("name").asText()))
            .toList();
    ObjectNode page = JSON.createObjectNode();
    ObjectNode pagination = page.putObject("pagination");
    pagination.put("total_results", found.size());
    pagination.put("total_pages", 1);
    pagination.putObject("first").put("href", baseUrl() + "/v3/...?page=1");
    pagination.putObject("last").put("href", baseUrl() + "/v3/...?page=1");
    pagination.putNull("next");
    pagination.putNull("previous");
    page.putArray("resources").addAll(found);
    StandInHttp.sendJson(exchange, 200, page);
  }

  private static ObjectNode named(String guid, String name) {
    ObjectNode resource = JSON.createObjectNode();
    resource.put("guid", guid);
    resource.put("name", name);
    resource.put("created_at", "2026-11-01T10:00:00Z");
    resource.put("updated_at", "2026-11-01T10:00:00Z");
    return resource;
  }

  private static ObjectNode error(int code, String title, String detail) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("detail", detail);
    error.put("title", title);
    error.put("code", code);
    return body;
  }

  /**
   * A gorouter in front of the apps ({@link StandInHttp#balancer}): an instance serves once it
   * runs; one shutting down has had its route unregistered already.
   *
   * @param clouds app name -> the cloud its instances are
   */
  synchronized java.net.URI router(Map<String, String> clouds) throws IOException {
    HttpServer router =
        StandInHttp.balancer(
            () -> {
              List<String> backends = new ArrayList<>();
              synchronized (this) {
                Instant now = Instant.now();
                for (App app : apps.values()) {
                  String cloud = clouds.get(app.name);
                  for (Instant[] life : app.instances) {
                    boolean shuttingDown = life.length > 3 && now.isBefore(life[3]);
                    if (cloud != null && !shuttingDown && !now.isBefore(life[1])) {
                      backends.add(cloud);
                    }
                  }
                }
              }
              return backends;
            });
    routers.add(router);
    return StandInHttp.uri(router);
  }

  @Override
  public void close() {
    server.stop(0);
    routers.forEach(StandInHttp::stop);
  }
}
