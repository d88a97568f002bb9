package dev.shakedown.compliance;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.http.Header;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fetches responses of the public endpoint for the header checks, through REST Assured: a page that
 * exists, the root, and one that does not (error pages forget headers more often than anything).
 * Any certificate, for any name, is accepted on these requests alone (REST Assured's relaxed HTTPS
 * validation, per request): whether it should be is the TLS check's business, and a header check
 * must not turn into a second certificate check.
 */
public final class ResponseProbe {
  private final RestAssuredConfig config;

  public ResponseProbe(Duration timeout) {
    int millis = (int) Math.max(1, timeout.toMillis());
    this.config =
        RestAssuredConfig.config()
            .httpClient(
                HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", millis)
                    .setParam("http.socket.timeout", millis)
                    .setParam("http.connection-manager.timeout", (long) millis))
            .redirect(RedirectConfig.redirectConfig().followRedirects(false))
            .sslConfig(SSLConfig.sslConfig().relaxedHTTPSValidation());
  }

  public List<ResponseFacts> fetch(URI endpoint, List<String> paths) {
    refuseGlobalDefaults();
    List<ResponseFacts> responses = new ArrayList<>();
    for (String path : paths) {
      URI uri = endpoint.resolve(path);
      Response response;
      try {
        response = given().config(config).urlEncodingEnabled(false).get(uri);
      } catch (Exception e) { // REST Assured throws the client's IOExceptions undeclared
        throw new ComplianceException("no response from " + uri + ": " + ioMessage(e));
      }
      Map<String, List<String>> headers = new TreeMap<>();
      for (Header header : response.getHeaders()) {
        headers
            .computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
            .add(header.getValue());
      }
      headers.replaceAll((name, values) -> List.copyOf(values));
      responses.add(new ResponseFacts(uri.toString(), response.statusCode(), headers));
    }
    return responses;
  }

  /**
   * REST Assured adds its static defaults to every request: a proxy, filters, credentials or a
   * request specification that a test embedding Shakedown set for its own API would send this check
   * elsewhere, or judge another server's headers. Refused rather than risked.
   */
  private static void refuseGlobalDefaults() {
    List<String> set = new ArrayList<>();
    if (RestAssured.proxy != null) {
      set.add("RestAssured.proxy");
    }
    if (RestAssured.requestSpecification != null) {
      set.add("RestAssured.requestSpecification");
    }
    if (!RestAssured.filters().isEmpty()) {
      set.add("RestAssured.filters");
    }
    if (RestAssured.authentication != RestAssured.DEFAULT_AUTH) {
      set.add("RestAssured.authentication");
    }
    if (!set.isEmpty()) {
      throw new ComplianceException(
          "the header checks would go through what this JVM set for REST Assured ("
              + String.join(", ", set)
              + "): reset it (RestAssured.reset()) before Shakedown's checks run");
    }
  }

  private static String ioMessage(Exception e) {
    for (Throwable at = e; at != null; at = at.getCause()) {
      if (at instanceof IOException) {
        return at.getClass().getSimpleName()
            + (at.getMessage() == null ? "" : ": " + at.getMessage());
      }
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new IllegalStateException(e);
  }
}
