package dev.shakedown.compliance;

import dev.shakedown.traffic.TrustingTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fetches responses of the public endpoint for the header checks: a page that exists, the root, and
 * one that does not (error pages forget headers more often than anything). Any certificate is
 * accepted here: whether it should be is the TLS check's business.
 */
public final class ResponseProbe {
  private final HttpClient http;
  private final Duration timeout;

  public ResponseProbe(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .sslContext(TrustingTls.context())
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public List<ResponseFacts> fetch(URI endpoint, List<String> paths) {
    List<ResponseFacts> responses = new ArrayList<>();
    for (String path : paths) {
      URI uri = endpoint.resolve(path);
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        Map<String, List<String>> headers = new TreeMap<>();
        response
            .headers()
            .map()
            .forEach(
                (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        responses.add(new ResponseFacts(uri.toString(), response.statusCode(), headers));
      } catch (IOException e) {
        throw new ComplianceException("no response from " + uri + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ComplianceException("interrupted while asking " + uri);
      }
    }
    return responses;
  }
}
