package dev.shakedown.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A blocking HTTP/1.1 call from one demo process to another, over {@link HttpURLConnection} and its
 * kept-alive connections. Chosen over java.net.http for its short path: seven demo JVMs share two
 * cores with the harness, and java.net.http's asynchronous machinery, interpreted while the JIT
 * warms up, kept a cold demo from taking 300 donations a second for its first seconds.
 */
final class Upstream {
  static {
    // Read once, when the JDK's connection cache is first used. The default keeps 5 idle
    // connections per server and closes the rest, which under load means a new connection for
    // most calls; and a POST is retried by the JDK on a stale connection, behind the router's back.
    System.setProperty("http.maxConnections", "64");
    System.setProperty("sun.net.http.retryPost", "false");
  }

  private final Duration connectTimeout;
  private final Duration timeout;

  Upstream(Duration connectTimeout, Duration timeout) {
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
  }

  /** What came back; the headers are those asked for that were there. */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Reply get(URI uri) throws IOException {
    return call("GET", uri, Map.of(), new byte[0]);
  }

  Reply call(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
    return call(method, uri, headers, body, java.util.List.of());
  }

  /**
   * @param keep response headers to return
   * @throws java.net.ConnectException when nothing listens: the request was certainly not taken
   */
  Reply call(
      String method, URI uri, Map<String, String> headers, byte[] body, java.util.List<String> keep)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout((int) connectTimeout.toMillis());
    connection.setReadTimeout((int) timeout.toMillis());
    connection.setRequestMethod(method);
    connection.setUseCaches(false);
    headers.forEach(connection::setRequestProperty);
    if (body.length > 0) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    byte[] content;
    // Read to the end and close: that is what returns the connection to the cache.
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      content = in == null ? new byte[0] : in.readAllBytes();
    }
    Map<String, String> kept = new java.util.HashMap<>();
    for (String name : keep) {
      String value = connection.getHeaderField(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return new Reply(status, kept, content);
  }
}
