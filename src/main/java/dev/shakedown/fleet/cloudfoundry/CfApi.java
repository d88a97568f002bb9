package dev.shakedown.fleet.cloudfoundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.config.Redactor;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.rest.RestCalls;
import dev.shakedown.fleet.rest.Uaa;
import dev.shakedown.fleet.rest.Unreachable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Cloud Controller's v3 API over the JDK's HTTP client: a bearer token from UAA on every call,
 * refreshed when it expires or the API answers 401, and CF's error bodies turned into messages.
 * Five calls do not justify cf-java-client's Reactor and Spring stack.
 */
final class CfApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 3;

  /** Who may read an app's processes and their stats (cloud_controller_ng docs, processes). */
  private static final String READ =
      "a role in the space that may read it (Space Developer, Space Auditor, Space Manager or"
          + " Space Supporter)";

  private final String cloud;
  private final URI api;
  private final HttpClient http;
  private final Uaa uaa;

  private CfApi(String cloud, URI api, HttpClient http, Uaa uaa) {
    this.cloud = cloud;
    this.api = api;
    this.http = http;
    this.uaa = uaa;
  }

  static CfApi connect(String cloud, CloudFoundrySettings settings) {
    HttpClient http = RestCalls.client(cloud, settings.caCert(), settings.skipSslValidation());
    URI api = RestCalls.withoutTrailingSlash(settings.api());
    JsonNode root = root(cloud, api, http);
    Uaa.Login login =
        settings.username() != null
            ? Uaa.Login.password(settings.username(), settings.password(), "cf")
            : Uaa.Login.clientInForm(settings.clientId(), settings.clientSecret());
    return new CfApi(
        cloud, api, http, new Uaa(cloud, tokenEndpoint(cloud, api, root), http, login));
  }

  /**
   * The token endpoint, from the API root's links as the cf CLI finds it: {@code links.login}, else
   * {@code links.uaa} (cloud_controller_ng docs/v3/source/includes/api_resources/_root.erb).
   */
  private static URI tokenEndpoint(String cloud, URI api, JsonNode root) {
    JsonNode links = root.path("links");
    for (String name : new String[] {"login", "uaa"}) {
      String href = links.path(name).path("href").asText("");
      if (!href.isEmpty()) {
        return URI.create(RestCalls.withoutTrailingSlash(URI.create(href)) + "/oauth/token");
      }
    }
    throw new FleetException(
        "cloud '"
            + cloud
            + "': the API root "
            + Redactor.shapes(api.toString())
            + "/ names no login or uaa link; is api: the Cloud Controller's URL (as for cf api)?");
  }

  private static JsonNode root(String cloud, URI api, HttpClient http) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/"))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = RestCalls.send(cloud, http, request, "GET /");
    if (response.statusCode() != 200) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': GET "
              + Redactor.shapes(api.toString())
              + "/ answered "
              + response.statusCode()
              + response
                  .headers()
                  .firstValue("Location")
                  .map(l -> " (to " + Redactor.shapes(l) + ")")
                  .orElse("")
              + "; is api: the Cloud Controller's URL (as for cf api)?");
    }
    return RestCalls.parse(cloud, response.body(), "GET /");
  }

  /**
   * GETs a v3 path ({@code /v3/apps?names=donations}) as JSON. A read is tried again on what passes
   * (a gorouter's 502, CF-StatsUnavailable's 503, a 429, a dropped connection), so that one blip
   * does not end a wait that polls it.
   */
  JsonNode get(String path) {
    HttpResponse<String> response;
    for (int attempt = 1; ; attempt++) {
      try {
        response = call("GET", path);
        if (!passing(response.statusCode()) || attempt == ATTEMPTS) {
          break;
        }
      } catch (Unreachable e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
      pause(attempt);
    }
    if (response.statusCode() == 404) {
      throw new NotFound(CfErrors.of(cloud, "GET " + path, response, READ).getMessage());
    }
    if (response.statusCode() != 200) {
      throw CfErrors.of(cloud, "GET " + path, response, READ);
    }
    return RestCalls.parse(cloud, response.body(), "GET " + path);
  }

  /** As {@link #get}, empty where the Cloud Controller answers 404 (a name that is not there). */
  java.util.Optional<JsonNode> find(String path) {
    try {
      return java.util.Optional.of(get(path));
    } catch (NotFound e) {
      return java.util.Optional.empty();
    }
  }

  /** A 404: what was asked for is not there, or not visible to this user. */
  static final class NotFound extends FleetException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  private static boolean passing(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(250L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while the Cloud Controller was asked again");
    }
  }

  /**
   * DELETEs a v3 path; the Cloud Controller answers 204.
   *
   * @param needs the role the call needs, for a 403's message
   */
  void delete(String path, String needs) {
    HttpResponse<String> response = call("DELETE", path);
    if (response.statusCode() != 204) {
      throw CfErrors.of(cloud, "DELETE " + path, response, needs);
    }
  }

  /**
   * POSTs a JSON body to a v3 path; the Cloud Controller answers 201 with what it created.
   *
   * @param needs the role the call needs, for a 403's message
   */
  JsonNode post(String path, JsonNode body, String needs) {
    HttpResponse<String> response = call("POST", path, body.toString());
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw CfErrors.of(cloud, "POST " + path, response, needs);
    }
    return RestCalls.parse(cloud, response.body(), "POST " + path);
  }

  private HttpResponse<String> call(String method, String path) {
    return call(method, path, null);
  }

  private HttpResponse<String> call(String method, String path, String body) {
    String token = uaa.token();
    HttpResponse<String> response = once(method, path, body, token);
    if (response.statusCode() == 401) {
      // Expired or revoked between our look at its expiry and the call: renewed (once, however
      // many calls found it stale), tried again.
      response = once(method, path, body, uaa.renewedFrom(token));
    }
    return response;
  }

  private HttpResponse<String> once(String method, String path, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Authorization", "bearer " + token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return RestCalls.send(cloud, http, request.build(), method + " " + path);
  }
}
