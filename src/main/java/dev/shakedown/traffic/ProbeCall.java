package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLException;

/**
 * One probe over the JDK's HTTP client, for the steady state and the monitor alike: the same
 * request, the same reading of the answer, and the same words for a failure.
 */
final class ProbeCall {
  private ProbeCall() {}

  /**
   * A client for probes; {@code insecure} trusts any certificate (a target's {@code insecure:
   * true}: only its probes go through such a client). Redirects are not followed: a probe judges
   * the answer it gets.
   */
  static HttpClient client(Duration connectTimeout, boolean insecure, ExecutorService executor) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            // One request per exchange, as a load balancer's health check sends it: no h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (executor != null) {
      builder.executor(executor);
    }
    if (insecure) {
      builder.sslContext(TrustingTls.context());
    }
    return builder.build();
  }

  static HttpRequest request(ProbeTarget target) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url()).timeout(target.settings().timeout()).GET();
    target.settings().headers().forEach((name, value) -> request.header(name, value.reveal()));
    return request.build();
  }

  /** Reads the body only where the success condition looks at it. */
  static HttpResponse.BodyHandler<String> body(ProbeTarget target) {
    return target.settings().success().readsBody()
        ? HttpResponse.BodyHandlers.ofString()
        : HttpResponse.BodyHandlers.replacing(null);
  }

  static ProbeResult answered(
      ProbeTarget target, Instant at, Duration latency, HttpResponse<String> response) {
    return new ProbeResult(
        target.name(),
        at,
        latency,
        response.statusCode(),
        target.settings().success().unmet(response.statusCode(), response.body()),
        response.headers().firstValue("X-Served-By"),
        false);
  }

  /** A probe that got no answer, in the words every verdict uses. */
  static ProbeResult failed(ProbeTarget target, Instant at, Duration latency, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String what;
    boolean refused = false;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "connect timed out after " + Durations.format(target.settings().timeout());
    } else if (cause instanceof HttpTimeoutException) {
      what = "timed out after " + Durations.format(target.settings().timeout());
    } else if (has(cause, SSLException.class)) {
      SSLException tls = find(cause, SSLException.class);
      what = "TLS failed (" + tls.getMessage() + ")";
    } else if (has(cause, UnresolvedAddressException.class)
        || has(cause, UnknownHostException.class)) {
      what = "unknown host " + target.url().getHost();
      refused = true;
    } else if (cause instanceof ConnectException) {
      what = "connection refused";
      refused = true;
    } else if (cause instanceof IOException) {
      what =
          "connection failed ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")";
    } else {
      what = cause.toString();
    }
    return new ProbeResult(
        target.name(), at, latency, 0, Optional.of(what), Optional.empty(), refused);
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    return find(error, type) != null;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable at = error; at != null; at = at.getCause()) {
      if (type.isInstance(at)) {
        return type.cast(at);
      }
    }
    return null;
  }
}
