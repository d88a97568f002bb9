package dev.shakedown.compliance;

import dev.shakedown.traffic.TrustingTls;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;

/**
 * Fetches responses of the public endpoint for the header checks: a page that exists, the root, and
 * one that does not (error pages forget headers more often than anything). Any certificate, for any
 * name, is accepted on these connections alone: whether it should be is the TLS check's business,
 * and a header check must not turn into a second certificate check. (The JDK's HttpClient verifies
 * host names JVM-wide or not at all; a connection of its own can be told per connection.)
 */
public final class ResponseProbe {
  private final Duration timeout;

  public ResponseProbe(Duration timeout) {
    this.timeout = timeout;
  }

  public List<ResponseFacts> fetch(URI endpoint, List<String> paths) {
    List<ResponseFacts> responses = new ArrayList<>();
    for (String path : paths) {
      URI uri = endpoint.resolve(path);
      HttpURLConnection connection = null;
      try {
        connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
          https.setSSLSocketFactory(TrustingTls.context().getSocketFactory());
          https.setHostnameVerifier((host, session) -> true);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        int status = connection.getResponseCode();
        Map<String, List<String>> headers = new TreeMap<>();
        connection
            .getHeaderFields()
            .forEach(
                (name, values) -> {
                  if (name != null) { // the status line
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
                  }
                });
        responses.add(new ResponseFacts(uri.toString(), status, headers));
      } catch (IOException e) {
        throw new ComplianceException("no response from " + uri + ": " + e.getMessage());
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
      }
    }
    return responses;
  }
}
