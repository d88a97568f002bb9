package dev.shakedown.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What the stand-ins of a platform's API on the JDK's HTTP server share: queries and replies. */
public final class StandInHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StandInHttp() {}

  /** A query string or a form body, decoded: {@code a=1&b=x%20y} -> {a=1, b=x y}. */
  public static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      query.put(
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  public static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  public static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A load balancer on loopback in front of a stand-in's instances: each request goes to one of
   * those serving now, in turn, answered with X-Served-By naming its cloud; 502 when none serves.
   * So "keeps serving" and "served by cloud" judge what the stand-in's instances do. Stopped with
   * {@link #stop}.
   *
   * @param serving the cloud of each instance serving at this moment, one entry per instance
   */
  public static com.sun.net.httpserver.HttpServer balancer(
      java.util.function.Supplier<java.util.List<String>> serving) throws IOException {
    com.sun.net.httpserver.HttpServer balancer =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 64);
    java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
    balancer.createContext(
        "/",
        exchange -> {
          java.util.List<String> backends = serving.get();
          if (backends.isEmpty()) {
            exchange.sendResponseHeaders(502, -1);
          } else {
            exchange
                .getResponseHeaders()
                .set("X-Served-By", backends.get((int) (turn.getAndIncrement() % backends.size())));
            exchange.sendResponseHeaders(200, -1);
          }
          exchange.close();
        });
    balancer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    balancer.start();
    return balancer;
  }

  /** The server and the threads it answered on. */
  public static void stop(com.sun.net.httpserver.HttpServer server) {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  public static java.net.URI uri(com.sun.net.httpserver.HttpServer server) {
    return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
