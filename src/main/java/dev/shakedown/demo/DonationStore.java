package dev.shakedown.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shakedown.backup.SealedBackups;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One cloud's donation store: {@code PUT /donations/{id}}, {@code GET /donations/{id}}, {@code GET
 * /donations} (count and sum), {@code GET /health}. Replicas reach it through the fault proxy, so a
 * network fault on the store link bites. With {@code --backups DIR} it writes a timestamped
 * snapshot of every donation every {@code --backup-every} (a backup job, as a database would have).
 * With {@code --peer URL} it sends every donation it takes to the other cloud's store in the
 * background, a few times a second ({@code POST /replicate}, one line per donation): asynchronous
 * replication, so a donation taken in one cloud can be read in the other a moment later, and is not
 * lost with its cloud.
 */
public final class DonationStore {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern ONE = Pattern.compile("/donations/([0-9a-zA-Z-]{1,64})");
  private static final int MAX_BATCH_BYTES = 1 << 20;
  private static final Pattern RESTORED =
      Pattern.compile("\\{\"id\":\"([^\"]+)\",\"amount\":([0-9.]+)\\}");
  private static final Pattern AMOUNT =
      Pattern.compile("\"amount\"\\s*:\\s*\"?([0-9]+(?:\\.[0-9]+)?)");

  private final Map<String, BigDecimal> donations = new ConcurrentHashMap<>();
  private final Queue<String> unreplicated = new ConcurrentLinkedQueue<>();
  private final Upstream upstream = new Upstream(Duration.ofSeconds(1), Duration.ofSeconds(5));

  public static void main(String[] args) throws IOException {
    Map<String, String> options = DemoArguments.parse(args);
    int port = Integer.parseInt(options.getOrDefault("port", "8090"));
    String name = options.getOrDefault("name", "store");
    DonationStore store = new DonationStore();
    // --backup-key-env NAME: the AES key that seals every backup, read from the environment so
    // that it is on no command line. --restore FILE starts from a backup (sealed or not).
    String key =
        options.containsKey("backup-key-env") ? System.getenv(options.get("backup-key-env")) : null;
    if (options.containsKey("restore")) {
      store.restore(Path.of(options.get("restore")), key);
    }
    HttpServer server = Http.server(port, 256);
    server.createContext("/", store::handle);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    if (options.containsKey("peer")) {
      URI peer = URI.create(options.get("peer")).resolve("/replicate");
      Executors.newSingleThreadScheduledExecutor()
          .scheduleWithFixedDelay(() -> store.replicate(peer), 200, 200, TimeUnit.MILLISECONDS);
    }
    if (options.containsKey("backups")) {
      BackupJob job =
          new BackupJob(
              store,
              Path.of(options.get("backups")).resolve(name),
              "on".equals(options.getOrDefault("backup-encryption", "on")) ? key : null,
              "on".equals(options.getOrDefault("backup-world-readable", "off")),
              Integer.parseInt(options.getOrDefault("backup-keep", "10")));
      int staleHours = Integer.parseInt(options.getOrDefault("backup-stale-hours", "0"));
      if (staleHours > 0) {
        // The broken backup job: its last backup is hours old and none follows.
        job.run(Instant.now().minus(Duration.ofHours(staleHours)));
      } else {
        Duration every =
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("backup-every-seconds", "60")));
        Executors.newSingleThreadScheduledExecutor()
            .scheduleAtFixedRate(
                () -> job.run(Instant.now()), 0, every.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    System.out.println("store " + name + " listening on http://127.0.0.1:" + port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Matcher one = ONE.matcher(path);
      if (path.equals("/health")) {
        Http.json(exchange, 200, "{\"status\":\"up\"}");
      } else if (one.matches() && method.equals("PUT")) {
        Matcher amount = AMOUNT.matcher(Http.body(exchange));
        if (!amount.find()) {
          Http.json(exchange, 400, "{\"error\":\"a donation needs an amount\"}");
          return;
        }
        BigDecimal value = new BigDecimal(amount.group(1));
        boolean created = donations.putIfAbsent(one.group(1), value) == null;
        if (created) {
          unreplicated.add(one.group(1) + " " + value.toPlainString());
        }
        Http.json(exchange, created ? 201 : 200, "{\"id\":\"" + one.group(1) + "\"}");
      } else if (one.matches() && method.equals("GET")) {
        BigDecimal amount = donations.get(one.group(1));
        Http.json(
            exchange,
            amount == null ? 404 : 200,
            amount == null
                ? "{\"error\":\"not found\"}"
                : "{\"id\":\"" + one.group(1) + "\",\"amount\":" + amount.toPlainString() + "}");
      } else if (path.equals("/replicate") && method.equals("POST")) {
        for (String line : Http.body(exchange, MAX_BATCH_BYTES).split("\n")) {
          String[] donation = line.split(" ");
          if (donation.length == 2) {
            donations.putIfAbsent(donation[0], new BigDecimal(donation[1]));
          }
        }
        Http.json(exchange, 204, "");
      } else if (path.equals("/donations") && method.equals("GET")) {
        BigDecimal sum = donations.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Http.json(
            exchange,
            200,
            "{\"count\":" + donations.size() + ",\"amount\":" + sum.toPlainString() + "}");
      } else {
        Http.json(exchange, 404, "{\"error\":\"no route\"}");
      }
    }
  }

  /** Sends what the peer has not had yet; on failure, it stays queued for the next round. */
  private void replicate(URI peer) {
    List<String> batch = new ArrayList<>();
    int bytes = 0;
    for (String line = unreplicated.peek();
        line != null && bytes + line.length() < MAX_BATCH_BYTES;
        line = unreplicated.peek()) {
      batch.add(unreplicated.poll());
      bytes += line.length() + 1;
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      upstream.call(
          "POST",
          peer,
          Map.of("Content-Type", "text/plain"),
          String.join("\n", batch).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      unreplicated.addAll(batch); // the peer is away: again on the next round
    }
  }

  /** Every donation as one JSON line: what a backup holds. */
  String snapshot() {
    return donations.entrySet().stream()
        .map(e -> "{\"id\":\"" + e.getKey() + "\",\"amount\":" + e.getValue().toPlainString() + "}")
        .collect(Collectors.joining("\n"));
  }

  private void restore(Path backup, String key) throws IOException {
    byte[] bytes = Files.readAllBytes(backup);
    if (SealedBackups.isSealed(bytes)) {
      if (key == null) {
        throw new IllegalArgumentException(backup + " is sealed: give --backup-key-env");
      }
      bytes = SealedBackups.open(bytes, key, backup.toString());
    }
    Matcher line = RESTORED.matcher(new String(bytes, StandardCharsets.UTF_8));
    while (line.find()) {
      donations.put(line.group(1), new BigDecimal(line.group(2)));
    }
    System.out.println("restored " + donations.size() + " donations from " + backup);
  }
}
