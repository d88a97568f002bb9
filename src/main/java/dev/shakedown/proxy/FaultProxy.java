package dev.shakedown.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shakedown.ShakedownException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded fault proxy: TCP proxies with toxics, driven through the HTTP API of Toxiproxy 2
 * (the same paths, JSON shapes, status codes and error messages), so the official Toxiproxy client
 * and Toxiproxy's tools work against it. Binds to loopback unless told otherwise. Connections are
 * served by two event-loop threads however many there are.
 */
public final class FaultProxy implements AutoCloseable {
  /** The Toxiproxy release whose API this one follows: its paths, toxics and answers. */
  public static final String VERSION = "2.9.0";

  /** The largest request body read; a proxy or a toxic is a few hundred bytes. */
  static final int LARGEST_BODY = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ToxicProxy> proxies = new LinkedHashMap<>();
  private final EventLoopGroup boss =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("shakedown-proxy-accept", true), NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(
          2, new DefaultThreadFactory("shakedown-proxy", true), NioIoHandler.newFactory());
  private final HttpServer api;
  private final String boundHost;
  private final boolean loopbackOnly;

  private FaultProxy(InetSocketAddress address, String host) throws IOException {
    // Without it every kept-alive API call waits 40 ms for a delayed ACK (Nagle's algorithm and
    // the JDK server's separate writes of headers and body); read when the first server is made.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // A client that sends a request slowly, or never finishes it, holds an API thread: its
    // connection is closed after 15 s, as Toxiproxy's read timeout does (read with the above).
    System.setProperty("sun.net.httpserver.maxReqTime", "15");
    this.boundHost = host;
    this.loopbackOnly = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    api = HttpServer.create(address, 64);
    api.createContext("/", this::handle);
    api.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread thread = new Thread(r, "shakedown-proxy-api");
              thread.setDaemon(true);
              return thread;
            }));
  }

  /** Starts the API on {@code host:port}; port 0 picks a free one. */
  public static FaultProxy start(String host, int port) {
    try {
      FaultProxy proxy = new FaultProxy(new InetSocketAddress(host, port), host);
      proxy.api.start();
      return proxy;
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot start the fault proxy's API on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); is the port in use?");
    }
  }

  public URI url() {
    return URI.create("http://" + Addresses.format(api.getAddress()));
  }

  @Override
  public void close() {
    api.stop(0);
    synchronized (proxies) {
      proxies.values().forEach(ToxicProxy::disable);
      proxies.clear();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // A web page the operator has open must not drive the API: a browser says Mozilla/ (so
      // Toxiproxy refuses it), and a page that renamed its host to a loopback address (DNS
      // rebinding) still names its own host.
      String agent = exchange.getRequestHeaders().getFirst("User-Agent");
      if (agent != null && agent.startsWith("Mozilla/")) {
        sendText(exchange, 403, "User agent not allowed");
        return;
      }
      if (!allowedHost(exchange.getRequestHeaders().getFirst("Host"))) {
        sendText(exchange, 403, "Host not allowed");
        return;
      }
      String method = exchange.getRequestMethod();
      List<String> path = segments(exchange.getRequestURI().getPath());
      try {
        route(exchange, method, path);
      } catch (ToxiproxyApiException e) {
        ObjectNode error =
            JSON.createObjectNode().put("error", e.getMessage()).put("status", e.status());
        send(exchange, e.status(), error);
      } catch (IOException | RuntimeException e) {
        // Not the request's fault (that is a ToxiproxyApiException): ours, as Toxiproxy says.
        ObjectNode error =
            JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).put("status", 500);
        send(exchange, 500, error);
      }
    }
  }

  /** A loopback name or address, or the host the API was started on; any port. */
  private boolean allowedHost(String header) {
    if (header == null) {
      return true; // HTTP/1.0: no browser sends a request without one
    }
    String host = header.strip();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end < 0 ? host : host.substring(1, end);
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    host = host.toLowerCase(java.util.Locale.ROOT);
    // DNS rebinding needs a name: an address literal is what a client typed, never a page's.
    return host.equals("localhost")
        || host.contains(":") // an IPv6 literal
        || host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equalsIgnoreCase(boundHost);
  }

  private void route(HttpExchange exchange, String method, List<String> path) throws IOException {
    int size = path.size();
    if (size == 1 && path.get(0).equals("version") && method.equals("GET")) {
      // As Toxiproxy 2.7 and later answer it.
      byte[] body = ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } else if (size == 1 && path.get(0).equals("reset") && method.equals("POST")) {
      synchronized (proxies) {
        for (ToxicProxy proxy : proxies.values()) {
          proxy.removeAllToxics();
          proxy.enable();
        }
      }
      exchange.sendResponseHeaders(204, -1);
    } else if (size == 1 && path.get(0).equals("populate") && method.equals("POST")) {
      ArrayNode created = JSON.createArrayNode();
      for (JsonNode spec : body(exchange)) {
        created.add(view(createOrReplace(spec)));
      }
      send(exchange, 201, JSON.createObjectNode().set("proxies", created));
    } else if (size == 1 && path.get(0).equals("proxies") && method.equals("GET")) {
      ObjectNode all = JSON.createObjectNode();
      synchronized (proxies) {
        proxies.values().forEach(p -> all.set(p.name(), view(p)));
      }
      send(exchange, 200, all);
    } else if (size == 1 && path.get(0).equals("proxies") && method.equals("POST")) {
      send(exchange, 201, view(create(body(exchange))));
    } else if (size == 2 && path.get(0).equals("proxies")) {
      ToxicProxy proxy = proxy(path.get(1));
      switch (method) {
        case "GET" -> send(exchange, 200, view(proxy));
        case "POST", "PATCH" -> send(exchange, 200, view(update(proxy, body(exchange))));
        case "DELETE" -> {
          synchronized (proxies) {
            proxies.remove(proxy.name());
          }
          proxy.disable();
          exchange.sendResponseHeaders(204, -1);
        }
        default -> throw new ToxiproxyApiException(405, "method not allowed");
      }
    } else if (size == 3 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
      ToxicProxy proxy = proxy(path.get(1));
      if (method.equals("GET")) {
        ArrayNode toxics = JSON.createArrayNode();
        proxy.toxics().forEach(t -> toxics.add(view(t)));
        send(exchange, 200, toxics);
      } else if (method.equals("POST")) {
        send(exchange, 200, view(proxy.addToxic(toxic(body(exchange), null))));
      } else {
        throw new ToxiproxyApiException(405, "method not allowed");
      }
    } else if (size == 4 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
      ToxicProxy proxy = proxy(path.get(1));
      Toxic toxic = proxy.toxic(path.get(3));
      switch (method) {
        case "GET" -> send(exchange, 200, view(toxic));
        case "POST", "PATCH" ->
            send(exchange, 200, view(proxy.replaceToxic(toxic, toxic(body(exchange), toxic))));
        case "DELETE" -> {
          proxy.removeToxic(toxic.name());
          exchange.sendResponseHeaders(204, -1);
        }
        default -> throw new ToxiproxyApiException(405, "method not allowed");
      }
    } else {
      throw new ToxiproxyApiException(404, "not found");
    }
  }

  private ToxicProxy create(JsonNode spec) {
    String name = text(spec, "name");
    if (name == null || name.isEmpty()) {
      throw new ToxiproxyApiException(400, "missing required field: name");
    }
    String upstream = text(spec, "upstream");
    if (upstream == null || upstream.isEmpty()) {
      throw new ToxiproxyApiException(400, "missing required field: upstream");
    }
    String listen = text(spec, "listen");
    checkListen(listen);
    ToxicProxy proxy =
        new ToxicProxy(
            name,
            listen == null || listen.isEmpty() ? "127.0.0.1:0" : listen,
            upstream,
            boss,
            workers);
    synchronized (proxies) {
      if (proxies.containsKey(name)) {
        throw new ToxiproxyApiException(409, "proxy already exists");
      }
      if (!spec.has("enabled") || spec.get("enabled").asBoolean()) {
        proxy.enable();
      }
      proxies.put(name, proxy);
    }
    return proxy;
  }

  private ToxicProxy createOrReplace(JsonNode spec) {
    checkListen(text(spec, "listen")); // refused before the proxy it would replace is gone
    ToxicProxy existing;
    synchronized (proxies) {
      existing = proxies.remove(text(spec, "name"));
    }
    if (existing != null) {
      existing.disable();
    }
    return create(spec);
  }

  /**
   * An API on loopback opens proxies on loopback only: a relay on a public address would expose the
   * upstream to the network. {@code shakedown proxy --host} lifts it.
   */
  private void checkListen(String listen) {
    if (!loopbackOnly || listen == null || listen.isEmpty()) {
      return;
    }
    java.net.InetSocketAddress address = Addresses.parse(listen);
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new ToxiproxyApiException(
          403,
          "listen address "
              + listen
              + " is not a loopback address; start the fault proxy with --host to allow others");
    }
  }

  private ToxicProxy update(ToxicProxy proxy, JsonNode spec) {
    checkListen(text(spec, "listen"));
    proxy.update(text(spec, "listen"), text(spec, "upstream"));
    if (spec.has("enabled")) {
      if (spec.get("enabled").asBoolean()) {
        proxy.enable();
      } else {
        proxy.disable();
      }
    }
    return proxy;
  }

  /**
   * A toxic from a request body; {@code base} is the toxic being updated, whose values are kept.
   */
  private static Toxic toxic(JsonNode spec, Toxic base) {
    Map<String, Long> attributes = new LinkedHashMap<>(base == null ? Map.of() : base.attributes());
    JsonNode given = spec.get("attributes");
    if (given != null && given.isObject()) {
      given
          .properties()
          .forEach(field -> attributes.put(field.getKey(), field.getValue().asLong()));
    }
    String type = base == null ? text(spec, "type") : base.type();
    if (type == null) {
      throw new ToxiproxyApiException(400, "missing required field: type");
    }
    return new Toxic(
        base == null ? text(spec, "name") : base.name(),
        type,
        base == null ? text(spec, "stream") : base.stream(),
        spec.has("toxicity")
            ? spec.get("toxicity").asDouble()
            : base == null ? 1.0 : base.toxicity(),
        attributes);
  }

  private ToxicProxy proxy(String name) {
    synchronized (proxies) {
      ToxicProxy proxy = proxies.get(name);
      if (proxy == null) {
        throw new ToxiproxyApiException(404, "proxy not found");
      }
      return proxy;
    }
  }

  private static ObjectNode view(ToxicProxy proxy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", proxy.name())
        .put("listen", proxy.listen())
        .put("upstream", proxy.upstream())
        .put("enabled", proxy.enabled());
    ArrayNode toxics = node.putArray("toxics");
    proxy.toxics().forEach(t -> toxics.add(view(t)));
    return node;
  }

  private static ObjectNode view(Toxic toxic) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", toxic.name())
        .put("type", toxic.type())
        .put("stream", toxic.stream())
        .put("toxicity", toxic.toxicity());
    ObjectNode attributes = node.putObject("attributes");
    toxic.attributes().forEach(attributes::put);
    return node;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(LARGEST_BODY + 1);
      if (bytes.length > LARGEST_BODY) {
        throw new ToxiproxyApiException(413, "request body too large");
      }
      if (bytes.length == 0) {
        throw new ToxiproxyApiException(400, "bad request body");
      }
      try {
        return JSON.readTree(bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ToxiproxyApiException(400, "bad request body");
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** As Go's http.Error writes it, which Toxiproxy uses for its refusals. */
  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        segments.add(part);
      }
    }
    return segments;
  }
}
