package dev.shakedown.fleet.bosh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.config.Redactor;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.rest.RestCalls;
import dev.shakedown.fleet.rest.Uaa;
import dev.shakedown.fleet.rest.Unreachable;
import dev.shakedown.poll.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BOSH director's API over the JDK's HTTP client, as the bosh CLI calls it (bosh-cli
 * director/client.go, director/task_client_request.go): {@code GET /info} unauthenticated to learn
 * how to log in; a UAA token (client credentials, the client in a Basic header) on every other
 * call, renewed when it expires or the director answers 401; what changes anything answers 302 to
 * {@code /tasks/:id}, followed on this director's own address and polled until the task ends.
 */
final class Director {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 3;
  private static final Pattern TASK = Pattern.compile("/tasks/(\\d+)");

  /** The bosh CLI looks at a task every half second (bosh-cli director/client.go). */
  static final Duration TASK_POLL = Duration.ofMillis(500);

  /**
   * Who may list a deployment's instances and follow its tasks (bosh-director
   * permission_authorizer.rb: a deployment's read, the director's list_tasks).
   */
  static final String READ =
      "bosh.read or bosh.admin (or bosh.<director uuid>.read/.admin), or bosh.teams.<team>.admin"
          + " for the deployment (a team's read scope cannot follow its tasks, and every listing"
          + " is a task)";

  /** Who may change a deployment's instances' states: the deployment's admin. */
  static final String DEPLOYMENT_ADMIN =
      "bosh.admin (or bosh.<director uuid>.admin, or bosh.teams.<team>.admin for the deployment)";

  /**
   * Who may delete a VM or read the resurrector's state: routes without a scope of their own take
   * the director's admin (api/extensions/scoping.rb default_scope), which no team scope grants.
   */
  static final String DIRECTOR_ADMIN =
      "bosh.admin or bosh.<director uuid>.admin (director-wide: a team's admin scope may stop and"
          + " start its instances but not delete VMs)";

  private final String cloud;
  private final URI director;
  private final HttpClient http;
  private final Supplier<String> authorization;
  private final Uaa uaa;

  private Director(
      String cloud, URI director, HttpClient http, Uaa uaa, Supplier<String> authorization) {
    this.cloud = cloud;
    this.director = director;
    this.http = http;
    this.uaa = uaa;
    this.authorization = authorization;
  }

  /**
   * Asks {@code GET /info} how the director authenticates: through UAA at {@code
   * user_authentication.options.url} (bosh-director info_controller.rb), or, on a director with
   * local users, Basic with the client's id and secret as user and password, as the bosh CLI does.
   */
  static Director connect(String cloud, BoshSettings settings) {
    HttpClient http = RestCalls.client(cloud, settings.caCert(), settings.skipSslValidation());
    URI director = RestCalls.withoutTrailingSlash(settings.director());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(director + "/info"))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = RestCalls.send(cloud, http, request, "GET /info");
    if (response.statusCode() != 200) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': GET "
              + Redactor.shapes(director.toString())
              + "/info answered "
              + response.statusCode()
              + "; is director: the BOSH director's URL (as for bosh -e), port 25555?");
    }
    JsonNode auth =
        RestCalls.parse(cloud, response.body(), "GET /info").path("user_authentication");
    String type = auth.path("type").asText("");
    if (type.equals("uaa")) {
      String url = auth.at("/options/url").asText("");
      if (url.isEmpty()) {
        throw new FleetException(
            "cloud '" + cloud + "': the director's /info names UAA but no UAA URL");
      }
      Uaa uaa =
          new Uaa(
              cloud,
              URI.create(RestCalls.withoutTrailingSlash(URI.create(url)) + "/oauth/token"),
              http,
              Uaa.Login.clientInBasic(settings.clientId(), settings.clientSecret()));
      return new Director(cloud, director, http, uaa, () -> "bearer " + uaa.token());
    }
    if (type.equals("basic")) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (settings.clientId() + ":" + settings.clientSecret().reveal())
                          .getBytes(StandardCharsets.UTF_8));
      return new Director(cloud, director, http, null, () -> basic);
    }
    throw new FleetException(
        "cloud '"
            + cloud
            + "': the director's /info names user_authentication type '"
            + type
            + "', neither uaa nor basic; is director: a BOSH director?");
  }

  /** GETs a path as JSON; tried again on a 502, 503 or 504 or a dropped connection. */
  JsonNode get(String path, String needs) {
    HttpResponse<String> response = read(path);
    if (response.statusCode() != 200) {
      throw BoshErrors.of(cloud, "GET " + path, response, needs);
    }
    return RestCalls.parse(cloud, response.body(), "GET " + path);
  }

  /** As {@link #get}, empty where the director answers 404 with {@code code} (a name not there). */
  Optional<JsonNode> find(String path, int code, String needs) {
    HttpResponse<String> response = read(path);
    if (response.statusCode() == 404 && BoshErrors.code(response) == code) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw BoshErrors.of(cloud, "GET " + path, response, needs);
    }
    return Optional.of(RestCalls.parse(cloud, response.body(), "GET " + path));
  }

  /**
   * A GET that the director answers with a task ({@code ?format=full}): the task's id, or empty
   * where it answers 404 with {@code code}.
   */
  Optional<Long> readTask(String path, int code, String needs) {
    HttpResponse<String> response = read(path);
    if (response.statusCode() == 404 && BoshErrors.code(response) == code) {
      return Optional.empty();
    }
    return Optional.of(taskOf("GET " + path, response, needs));
  }

  private HttpResponse<String> read(String path) {
    HttpResponse<String> response;
    for (int attempt = 1; ; attempt++) {
      try {
        response = call("GET", path, null);
        int status = response.statusCode();
        if (status != 502 && status != 503 && status != 504 || attempt == ATTEMPTS) {
          return response;
        }
      } catch (Unreachable e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
      try {
        Thread.sleep(250L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("cloud '" + cloud + "': interrupted while asking the director");
      }
    }
  }

  /**
   * A change: PUT or DELETE, answered 302 to the task that does it.
   *
   * @param yaml the body of a PUT, sent as text/yaml: the director routes a state change only with
   *     that content type (deployments_controller.rb {@code consumes: :yaml}); empty keeps the
   *     deployment's manifest
   */
  long change(String method, String path, String yaml, String needs) {
    return taskOf(method + " " + path, call(method, path, yaml), needs);
  }

  private long taskOf(String call, HttpResponse<String> response, String needs) {
    int status = response.statusCode();
    if (status == 302 || status == 303) {
      Matcher task = TASK.matcher(response.headers().firstValue("Location").orElse(""));
      if (task.find()) {
        return Long.parseLong(task.group(1));
      }
    }
    throw BoshErrors.of(cloud, call, response, needs);
  }

  /** The task as {@code GET /tasks/:id} shows it: id, state, description, result, ... */
  JsonNode task(long id) {
    return get("/tasks/" + id, READ);
  }

  /**
   * Polls the task until it ends: done, error, cancelled or timeout (bosh-director models/task.rb).
   * A read that fails on the way is one more look.
   *
   * @param whileWaiting run at each look; what it throws (the run halted) ends the wait, and the
   *     task goes on without us
   * @return the ended task; empty if it had not ended within {@code within}
   */
  Optional<JsonNode> awaitTask(long id, Duration within, Runnable whileWaiting) {
    return Poll.within(within)
        .named("BOSH task " + id)
        .every(TASK_POLL)
        .failFast(whileWaiting)
        .until(
            () -> {
              try {
                JsonNode task = task(id);
                return ended(task) ? Optional.of(task) : Optional.empty();
              } catch (Unreachable notNow) {
                return Optional.empty();
              }
            });
  }

  static boolean ended(JsonNode task) {
    return switch (task.path("state").asText()) {
      case "done", "error", "cancelled", "timeout" -> true;
      default -> false;
    };
  }

  /**
   * A task's result output, {@code GET /tasks/:id/output?type=result} (tasks_controller.rb): for
   * {@code instances?format=full}, one JSON object per line (jobs/vm_state.rb).
   */
  String resultOutput(long id) {
    HttpResponse<String> response = read("/tasks/" + id + "/output?type=result");
    if (response.statusCode() == 204) {
      return "";
    }
    if (response.statusCode() != 200 && response.statusCode() != 206) {
      throw BoshErrors.of(cloud, "GET /tasks/" + id + "/output", response, READ);
    }
    return response.body();
  }

  private HttpResponse<String> call(String method, String path, String yaml) {
    String auth = authorization.get();
    HttpResponse<String> response = once(method, path, yaml, auth);
    if (response.statusCode() == 401 && uaa != null && BoshErrors.code(response) == 0) {
      // Expired or revoked since we looked at its expiry (a missing scope is code 600000, and
      // a new token would not change it): renewed once, tried again, as the bosh CLI does.
      String stale = auth.substring("bearer ".length());
      response = once(method, path, yaml, "bearer " + uaa.renewedFrom(stale));
    }
    return response;
  }

  private HttpResponse<String> once(String method, String path, String yaml, String auth) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(director + path))
            .timeout(TIMEOUT)
            .header("Authorization", auth);
    if (yaml == null) {
      request.header("Accept", "application/json");
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "text/yaml")
          .method(method, HttpRequest.BodyPublishers.ofString(yaml));
    }
    return RestCalls.send(cloud, http, request.build(), method + " " + path);
  }
}
