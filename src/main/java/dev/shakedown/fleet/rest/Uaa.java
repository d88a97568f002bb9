package dev.shakedown.fleet.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.config.Secret;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tokens from UAA ({@code POST /oauth/token}, form-encoded), logged in as a {@link Login} says:
 * kept until shortly before they expire; renewed by the refresh grant where there is a refresh
 * token, else by logging in again. No token or secret is ever put in a message.
 */
public final class Uaa {
  /** Renewed this long before UAA's expiry, so that a call is not made with a dying token. */
  private static final Duration MARGIN = Duration.ofSeconds(30);

  private final String cloud;
  private final URI endpoint;
  private final HttpClient http;
  private final Login login;
  private String access;
  private String refresh;
  private Instant renewAt = Instant.MIN;

  /**
   * @param endpoint UAA's token endpoint, {@code https://uaa.example.org/oauth/token}
   */
  public Uaa(String cloud, URI endpoint, HttpClient http, Login login) {
    this.cloud = cloud;
    this.endpoint = endpoint;
    this.http = http;
    this.login = login;
  }

  /**
   * How a platform's CLI logs in to UAA. Its secrets are read only when a login is sent, and never
   * shown: the form is built at that moment.
   */
  public static final class Login {
    private final String who;
    private final String check;
    private final Optional<String> basicClient;
    private final Secret basicSecret;
    private final Map<String, String> plain;
    private final Map<String, Secret> secret;

    private Login(
        String who,
        String check,
        Optional<String> basicClient,
        Secret basicSecret,
        Map<String, String> plain,
        Map<String, Secret> secret) {
      this.who = who;
      this.check = check;
      this.basicClient = basicClient;
      this.basicSecret = basicSecret;
      this.plain = plain;
      this.secret = secret;
    }

    /**
     * The password grant for a user, through {@code client} with {@code clientSecret} in a Basic
     * header: the cf CLI's own client is {@code cf} with an empty secret (cli
     * util/configv3/defaults.go).
     */
    public static Login password(String username, Secret password, String client) {
      Map<String, String> plain = new LinkedHashMap<>();
      plain.put("grant_type", "password");
      plain.put("username", username);
      return new Login(
          "user " + username,
          "username and password",
          Optional.of(client),
          new Secret(""),
          plain,
          Map.of("password", password));
    }

    /**
     * The client credentials grant with the client's id and secret in the form, as the cf CLI sends
     * them (cli api/uaa/auth.go).
     */
    public static Login clientInForm(String clientId, Secret clientSecret) {
      Map<String, String> plain = new LinkedHashMap<>();
      plain.put("client_id", clientId);
      plain.put("grant_type", "client_credentials");
      return new Login(
          "client " + clientId,
          "clientId and clientSecret",
          Optional.empty(),
          null,
          plain,
          Map.of("client_secret", clientSecret));
    }

    /**
     * The client credentials grant with the client's id and secret in a Basic header, as the bosh
     * CLI sends them (bosh-cli uaa/client_request.go, uaa/uaa.go ClientCredentialsGrant).
     */
    public static Login clientInBasic(String clientId, Secret clientSecret) {
      return new Login(
          "client " + clientId,
          "clientId and clientSecret",
          Optional.of(clientId),
          clientSecret,
          Map.of("grant_type", "client_credentials"),
          Map.of());
    }

    @Override
    public String toString() {
      return who;
    }
  }

  public synchronized String token() {
    if (access == null || Instant.now().isAfter(renewAt)) {
      return renewed();
    }
    return access;
  }

  /** A token newer than {@code stale}, which the API refused: renewed only if no call did yet. */
  public synchronized String renewedFrom(String stale) {
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
    Map<String, String> form = new LinkedHashMap<>(login.plain);
    login.secret.forEach((key, value) -> form.put(key, value.reveal()));
    HttpResponse<String> response = post(form, "login");
    if (response.statusCode() != 200) {
      throw refused(response);
    }
    return take(response);
  }

  private HttpResponse<String> post(Map<String, String> form, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    login.basicClient.ifPresent(
        client ->
            request.header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (client + ":" + login.basicSecret.reveal())
                                .getBytes(StandardCharsets.UTF_8))));
    return RestCalls.send(
        cloud, http, request.build(), "the UAA " + what + " at " + endpoint.getHost());
  }

  private String take(HttpResponse<String> response) {
    JsonNode token = RestCalls.parse(cloud, response.body(), "UAA's token");
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
    JsonNode body = RestCalls.parseOrEmpty(response.body());
    return new FleetException(
        "cloud '"
            + cloud
            + "': UAA at "
            + endpoint.getHost()
            + " refused to log in "
            + login.who
            + ": "
            + response.statusCode()
            + " "
            + body.path("error").asText("")
            + (body.path("error_description").asText("").isEmpty()
                ? ""
                : " (" + body.path("error_description").asText() + ")")
            + "; check the "
            + login.check
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
