package dev.shakedown.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replica of the demo's donations service: {@code POST /donations}, {@code GET
 * /donations/{id}}, {@code GET /totals}, {@code GET /health}. Every response names the cloud that
 * served it in {@code X-Served-By}, so a run can tell which cloud took a request.
 *
 * <p>Run as {@code java -cp shakedown.jar dev.shakedown.demo.DonationsService --port 8081 --cloud
 * cloud-a}; it binds to loopback only.
 */
public final class DonationsService {
  private static final Pattern AMOUNT =
      Pattern.compile("\"amount\"\\s*:\\s*\"?(-?[0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern DONATION = Pattern.compile("/donations/([0-9a-f-]{36})");

  private final String cloud;
  private final Map<String, BigDecimal> donations = new ConcurrentHashMap<>();

  private DonationsService(String cloud) {
    this.cloud = cloud;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = DemoArguments.parse(args);
    int port = Integer.parseInt(options.getOrDefault("port", "8080"));
    String cloud = options.getOrDefault("cloud", "local");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    DonationsService service = new DonationsService(cloud);
    server.createContext("/", service::handle);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    System.out.println("donations service of " + cloud + " listening on http://127.0.0.1:" + port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Matcher donation = DONATION.matcher(path);
      if (path.equals("/health") && method.equals("GET")) {
        respond(exchange, 200, "{\"status\":\"up\",\"cloud\":\"" + cloud + "\"}");
      } else if (path.equals("/donations") && method.equals("POST")) {
        create(exchange);
      } else if (donation.matches() && method.equals("GET")) {
        BigDecimal amount = donations.get(donation.group(1));
        if (amount == null) {
          respond(exchange, 404, "{\"error\":\"no donation " + donation.group(1) + "\"}");
        } else {
          respond(
              exchange,
              200,
              "{\"id\":\"" + donation.group(1) + "\",\"amount\":" + amount.toPlainString() + "}");
        }
      } else if (path.equals("/totals") && method.equals("GET")) {
        BigDecimal total = donations.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        respond(
            exchange,
            200,
            "{\"count\":" + donations.size() + ",\"amount\":" + total.toPlainString() + "}");
      } else {
        respond(exchange, 404, "{\"error\":\"no route " + method + " " + path + "\"}");
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
    Matcher amount = AMOUNT.matcher(body);
    if (!amount.find() || new BigDecimal(amount.group(1)).signum() <= 0) {
      respond(
          exchange,
          400,
          "{\"error\":\"a donation needs a positive amount, as in {\\\"amount\\\": 10}\"}");
      return;
    }
    String id = UUID.randomUUID().toString();
    donations.put(id, new BigDecimal(amount.group(1)));
    exchange.getResponseHeaders().set("Location", "/donations/" + id);
    respond(exchange, 201, "{\"id\":\"" + id + "\"}");
  }

  private void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-Served-By", cloud);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
