package dev.shakedown.fleet.cloudfoundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.fleet.FleetException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tokens from UAA ({@code POST /oauth/token}, form-encoded), as the cf CLI gets them: a user by the
 * password grant with client {@code cf} and an empty secret, or a client by client credentials.
 * Kept until shortly before they expire; renewed by the refresh grant where there is a refresh
 * token, else by logging in again. No token or secret is ever put in a message.
 */
final class Uaa {
  /** Renewed this long before UAA's expiry, so that a call is not made with a dying token. */
  private static final Duration MARGIN = Duration.ofSeconds(30);

  private final String cloud;
  private final URI endpoint;
  private final HttpClient http;
  private final CloudFoundrySettings settings;
  private String access;
  private String refresh;
  private Instant renewAt = Instant.MIN;

  Uaa(String cloud, URI endpoint, HttpClient http, CloudFoundrySettings settings) {
    this.cloud = cloud;
    this.endpoint = endpoint;
    this.http = http;
    this.settings = settings;
  }

  synchronized String token() {
    if (access == null || Instant.now().isAfter(renewAt)) {
      return renewed();
    }
    return access;
  }

  /** A token newer than {@code stale}, which the API refused: renewed only if no call did yet. */
  synchronized String renewedFrom(String stale) {
    return stale.equals(access) ? renewed() : access;
  }

  /** A new token: refreshed where UAA gave a refresh token and still honours it, else a login. */
  private synchronized String renewed() {
    if (refresh != null) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refresh);
      HttpResponse<String> response = post(form, "refresh");
      if (response.statusCode() == 200) {
        return take(response);
      }
      refresh = null; // expired or revoked: log in again
    }
    HttpResponse<String> response = post(login(), "login");
    if (response.statusCode() != 200) {
      throw refused(response);
    }
    return take(response);
  }

  private Map<String, String> login() {
    Map<String, String> form = new LinkedHashMap<>();
    if (settings.username() != null) {
      form.put("grant_type", "password");
      form.put("username", settings.username());
      form.put("password", settings.password().reveal());
    } else {
      // The cf CLI sends a client's id and secret in the form, not in a Basic header
      // (cli api/uaa/auth.go).
      form.put("client_id", settings.clientId());
      form.put("client_secret", settings.clientSecret().reveal());
      form.put("grant_type", "client_credentials");
    }
    return form;
  }

  private HttpResponse<String> post(Map<String, String> form, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (settings.username() != null) {
      // The cf CLI's own client, with an empty secret: Basic Y2Y6 (cli util/configv3/defaults.go).
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString("cf:".getBytes(StandardCharsets.UTF_8)));
    }
    return CfApi.send(
        cloud, http, request.build(), "the UAA " + what + " at " + endpoint.getHost());
  }

  private String take(HttpResponse<String> response) {
    JsonNode token = CfApi.parse(cloud, response.body(), "UAA's token");
    access = token.path("access_token").asText(null);
    if (access == null) {
      throw new FleetException("cloud '" + cloud + "': UAA answered no access_token");
    }
    String next = token.path("refresh_token").asText(null);
    refresh = next == null ? refresh : next;
    // Renewed MARGIN before it expires, or halfway for a token that lasts less than two margins.
    Duration lasts = Duration.ofSeconds(Math.max(0, token.path("expires_in").asLong(0)));
    Duration margin = lasts.compareTo(MARGIN.multipliedBy(2)) < 0 ? lasts.dividedBy(2) : MARGIN;
    renewAt = Instant.now().plus(lasts).minus(margin);
    return access;
  }

  private FleetException refused(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = CfApi.JSON.readTree(response.body());
    } catch (java.io.IOException | RuntimeException notJson) {
      body = CfApi.JSON.createObjectNode();
    }
    String who =
        settings.username() != null
            ? "user " + settings.username()
            : "client " + settings.clientId();
    return new FleetException(
        "cloud '"
            + cloud
            + "': UAA at "
            + endpoint.getHost()
            + " refused to log in "
            + who
            + ": "
            + response.statusCode()
            + " "
            + body.path("error").asText("")
            + (body.path("error_description").asText("").isEmpty()
                ? ""
                : " (" + body.path("error_description").asText() + ")")
            + "; check the "
            + (settings.username() != null ? "username and password" : "clientId and clientSecret")
            + " in the config");
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
