package dev.shakedown.traffic;

import static io.restassured.RestAssured.given;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Probes one target with REST Assured. The request specification is built once per target, so no
 * global REST Assured state is read or written.
 */
public final class HttpProbe {
  private final ProbeTarget target;
  private final RequestSpecification specification;

  HttpProbe(ProbeTarget target) {
    this.target = target;
    int timeoutMillis = (int) Math.max(1, target.settings().timeout().toMillis());
    SSLConfig ssl =
        target.settings().insecure()
            ? SSLConfig.sslConfig().relaxedHTTPSValidation()
            : SSLConfig.sslConfig();
    RestAssuredConfig config =
        RestAssuredConfig.config()
            .httpClient(
                HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", timeoutMillis)
                    .setParam("http.socket.timeout", timeoutMillis)
                    .setParam("http.connection-manager.timeout", (long) timeoutMillis))
            .redirect(RedirectConfig.redirectConfig().followRedirects(false))
            .sslConfig(ssl);
    RequestSpecBuilder builder =
        new RequestSpecBuilder().setBaseUri(target.endpoint().toString()).setConfig(config);
    target.settings().headers().forEach((name, value) -> builder.addHeader(name, value.reveal()));
    this.specification = builder.build();
  }

  public ProbeTarget target() {
    return target;
  }

  public ProbeResult probe() {
    Instant at = Instant.now();
    long start = System.nanoTime();
    try {
      Response response = given(specification).get(target.settings().path());
      var success = target.settings().success();
      String body = success.readsBody() ? response.asString() : null;
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return new ProbeResult(
          target.name(),
          at,
          latency,
          response.statusCode(),
          success.unmet(response.statusCode(), body),
          Optional.ofNullable(response.getHeader("X-Served-By")),
          false);
    } catch (Exception e) { // REST Assured throws the client's checked IOExceptions undeclared
      Throwable cause = rootIoCause(e);
      if (!(cause instanceof IOException io)) {
        throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return new ProbeResult(
          target.name(),
          at,
          latency,
          0,
          Optional.of(describe(io)),
          Optional.empty(),
          io instanceof ConnectException || io instanceof UnknownHostException);
    }
  }

  private String describe(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return "timed out after " + target.settings().timeout().toMillis() + " ms";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + target.endpoint().getHost();
    }
    if (e instanceof SSLException) {
      return "TLS failed (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }

  // REST Assured rethrows the client's IOExceptions as they are, or wrapped by Groovy; either way
  // the
  // IOException is the fact worth reporting.
  private static Throwable rootIoCause(Throwable e) {
    Throwable current = e;
    while (current != null) {
      if (current instanceof IOException) {
        return current;
      }
      current = current.getCause();
    }
    return e;
  }
}
