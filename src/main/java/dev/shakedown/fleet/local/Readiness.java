package dev.shakedown.fleet.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks whether a process serves yet: a 2xx on its ready URL. */
final class Readiness {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  // Built on first use: an HttpClient costs a few hundred milliseconds of start-up, wasted on a
  // run whose clouds are only probed.
  private HttpClient http;

  boolean ready(URI url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
      int status = client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private synchronized HttpClient client() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    return http;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
