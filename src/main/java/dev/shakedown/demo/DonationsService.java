package dev.shakedown.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replica of the demo's donations service: {@code POST /donations}, {@code GET
 * /donations/{id}}, {@code GET /totals}, {@code GET /health}. Every response names the cloud that
 * served it in {@code X-Served-By}.
 *
 * <p>It favours availability: a donation the store cannot take right now is kept and accepted, and
 * written to the store once it answers again, so the totals converge after a partition. With {@code
 * --router URL} it registers itself with the demo's router every second, as a service would with
 * its registry. Binds to loopback only.
 */
public final class DonationsService {
  private static final Pattern AMOUNT =
      Pattern.compile("\"amount\"\\s*:\\s*\"?(-?[0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern DONATION = Pattern.compile("/donations/([0-9a-f-]{36})");
  private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+),\"amount\":([0-9.]+)");
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(3);
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private final String cloud;
  private final URI store;
  private final int storeRoundTrips;
  private final Upstream upstream = new Upstream(Duration.ofSeconds(1), STORE_TIMEOUT);
  private final Map<String, BigDecimal> pending = new ConcurrentHashMap<>();

  private DonationsService(String cloud, URI store, int storeRoundTrips) {
    this.cloud = cloud;
    this.store = store;
    this.storeRoundTrips = storeRoundTrips;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = DemoArguments.parse(args);
    int port = Integer.parseInt(options.getOrDefault("port", "8080"));
    String cloud = options.getOrDefault("cloud", "local");
    URI store = options.containsKey("store") ? URI.create(options.get("store")) : null;
    // --store-round-trips N makes /totals ask the store N times in a row: the chatty replica that
    // does not tolerate a slow store, which the network features must catch.
    int roundTrips = Integer.parseInt(options.getOrDefault("store-round-trips", "1"));
    DonationsService service = new DonationsService(cloud, store, roundTrips);
    HttpServer server = Http.server(port, 256);
    server.createContext("/", service::handle);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.start();
    ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
    if (store != null) {
      background.scheduleWithFixedDelay(service::flushPending, 500, 500, TimeUnit.MILLISECONDS);
    }
    if (options.containsKey("router")) {
      URI register = URI.create(options.get("router")).resolve("/_router/register");
      String self = "http://127.0.0.1:" + port;
      background.scheduleWithFixedDelay(
          () -> service.register(register, self), 0, 1, TimeUnit.SECONDS);
    }
    System.out.println("donations service of " + cloud + " listening on http://127.0.0.1:" + port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("X-Served-By", cloud);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Matcher donation = DONATION.matcher(path);
      if (path.equals("/health") && method.equals("GET")) {
        Http.json(exchange, 200, "{\"status\":\"up\",\"cloud\":\"" + cloud + "\"}");
      } else if (path.equals("/donations") && method.equals("POST")) {
        create(exchange);
      } else if (donation.matches() && method.equals("GET")) {
        read(exchange, donation.group(1));
      } else if (path.equals("/totals") && method.equals("GET")) {
        totals(exchange);
      } else {
        Http.json(exchange, 404, "{\"error\":\"no route " + method + " " + path + "\"}");
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    Matcher amount = AMOUNT.matcher(Http.body(exchange));
    if (!amount.find() || new BigDecimal(amount.group(1)).signum() <= 0) {
      Http.json(
          exchange,
          400,
          "{\"error\":\"a donation needs a positive amount, as in {\\\"amount\\\": 10}\"}");
      return;
    }
    // A client's Idempotency-Key (a UUID) becomes the donation's id: sent twice, it is taken once.
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    String id =
        key != null && DONATION.matcher("/donations/" + key).matches()
            ? key
            : UUID.randomUUID().toString();
    BigDecimal value = new BigDecimal(amount.group(1));
    if (!writeToStore(id, value)) {
      pending.put(id, value); // accepted all the same: written when the store is back
    }
    exchange.getResponseHeaders().set("Location", "/donations/" + id);
    Http.json(exchange, 201, "{\"id\":\"" + id + "\"}");
  }

  private void read(HttpExchange exchange, String id) throws IOException {
    BigDecimal held = pending.get(id);
    if (held != null) {
      Http.json(exchange, 200, "{\"id\":\"" + id + "\",\"amount\":" + held.toPlainString() + "}");
      return;
    }
    if (store == null) {
      Http.json(exchange, 404, "{\"error\":\"no donation " + id + "\"}");
      return;
    }
    try {
      Upstream.Reply response = upstream.get(store.resolve("/donations/" + id));
      Http.json(exchange, response.status(), response.text());
    } catch (IOException e) {
      Http.json(exchange, 503, "{\"error\":\"the store is unreachable\"}");
    }
  }

  private void totals(HttpExchange exchange) throws IOException {
    long count = pending.size();
    BigDecimal sum = pending.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    boolean complete = true;
    if (store != null) {
      try {
        Upstream.Reply response = null;
        for (int i = 0; i < storeRoundTrips; i++) {
          response = upstream.get(store.resolve("/donations"));
        }
        Matcher stored = COUNT.matcher(response.text());
        if (stored.find()) {
          count += Long.parseLong(stored.group(1));
          sum = sum.add(new BigDecimal(stored.group(2)));
        }
      } catch (IOException e) {
        complete = false;
      }
    }
    Http.json(
        exchange,
        200,
        "{\"count\":"
            + count
            + ",\"amount\":"
            + sum.toPlainString()
            + ",\"pending\":"
            + pending.size()
            + ",\"complete\":"
            + complete
            + "}");
  }

  private boolean writeToStore(String id, BigDecimal amount) {
    if (store == null) {
      return false;
    }
    try {
      int status =
          upstream
              .call(
                  "PUT",
                  store.resolve("/donations/" + id),
                  JSON,
                  ("{\"amount\":" + amount.toPlainString() + "}").getBytes(UTF_8))
              .status();
      return status == 200 || status == 201;
    } catch (IOException e) {
      return false;
    }
  }

  private void flushPending() {
    for (var entry : Map.copyOf(pending).entrySet()) {
      if (!writeToStore(entry.getKey(), entry.getValue())) {
        return; // still unreachable; try again on the next round
      }
      pending.remove(entry.getKey());
    }
  }

  private void register(URI registry, String self) {
    try {
      upstream.call(
          "POST",
          registry,
          JSON,
          ("{\"cloud\":\"" + cloud + "\",\"url\":\"" + self + "\"}").getBytes(UTF_8));
    } catch (IOException e) {
      // The router is not up yet, or restarting: the next heartbeat registers us.
    }
  }
}
