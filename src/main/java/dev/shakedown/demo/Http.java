package dev.shakedown.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The few HTTP chores the demo's processes share. */
final class Http {
  private Http() {}

  /**
   * A server on loopback that answers without Nagle's delay. The JDK server writes headers and body
   * separately; with Nagle on, the body of every answer on a kept-alive connection waits for the
   * client's delayed ACK, 40 ms on Linux, and a request through router, replica and store pays it
   * at every hop.
   */
  static HttpServer server(int port, int backlog) throws IOException {
    noDelay();
    return HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
  }

  static HttpsServer httpsServer(int port, int backlog) throws IOException {
    noDelay();
    return HttpsServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
  }

  /** Read once, when the JDK's server first loads its settings: before any server is made. */
  private static void noDelay() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  static String body(HttpExchange exchange) throws IOException {
    return body(exchange, 64 * 1024);
  }

  static String body(HttpExchange exchange, int limit) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readNBytes(limit), StandardCharsets.UTF_8);
    }
  }

  static void json(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
