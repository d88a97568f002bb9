package dev.shakedown.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.shakedown.compliance.LegacyTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The demo's global router, in front of every cloud: plain HTTP for local probes and HTTPS with a
 * certificate generated at start. Replicas register themselves ({@code POST /_router/register});
 * the router health-checks them, balances over the healthy ones of every cloud, and when a replica
 * fails mid-request retries another, in another cloud if need be.
 *
 * <p>{@code --failover off} is the broken router a resilience test must catch: it keeps sending
 * requests to every replica it ever saw, dead or alive, and passes failures on as 502.
 */
public final class DemoRouter {
  private static final Pattern REGISTRATION =
      Pattern.compile("\"cloud\":\"([^\"]+)\",\"url\":\"([^\"]+)\"");
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);
  private static final List<String> RELAYED = List.of("Content-Type", "Location", "X-Served-By");
  private static final long EXPIRY_MILLIS = 3000;

  private final boolean failover;
  private final String serverHeader; // --server-header: the version disclosure the control catches
  private final Map<String, Replica> replicas = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Upstream upstream = new Upstream(Duration.ofMillis(500), FORWARD_TIMEOUT);
  private final Upstream healthChecks = new Upstream(HEALTH_TIMEOUT, HEALTH_TIMEOUT);
  private final java.util.concurrent.ExecutorService checking = Executors.newCachedThreadPool();

  private DemoRouter(boolean failover, String serverHeader) {
    this.failover = failover;
    this.serverHeader = serverHeader.equals("none") ? null : serverHeader;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = DemoArguments.parse(args);
    DemoRouter router =
        new DemoRouter(
            !"off".equals(options.getOrDefault("failover", "on")),
            options.getOrDefault("server-header", "none"));
    // --tls-min 1.0 is the misconfigured endpoint the TLS control must catch; the JDK refuses
    // TLS 1.0 and 1.1 unless they are lifted before its TLS stack loads.
    boolean legacyTls = options.getOrDefault("tls-min", "1.2").equals("1.0");
    if (legacyTls) {
      LegacyTls.allow();
    }
    boolean hsts = !"off".equals(options.getOrDefault("hsts", "on"));
    // HTTPS first: the plain port answering is the signal that the whole router is ready.
    if (options.containsKey("https-port")) {
      HttpsServer secure = Http.httpsServer(Integer.parseInt(options.get("https-port")), 1024);
      secure.setHttpsConfigurator(
          new HttpsConfigurator(DemoCertificate.generate(options)) {
            @Override
            public void configure(HttpsParameters parameters) {
              SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
              ssl.setProtocols(
                  legacyTls
                      ? new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"}
                      : new String[] {"TLSv1.3", "TLSv1.2"});
              parameters.setSSLParameters(ssl);
            }
          });
      secure.createContext(
          "/",
          exchange -> {
            if (hsts) {
              exchange
                  .getResponseHeaders()
                  .set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            router.handle(exchange);
          });
      secure.setExecutor(Executors.newFixedThreadPool(32));
      secure.start();
      System.out.println("router listening on https://127.0.0.1:" + options.get("https-port"));
    }
    HttpServer plain =
        Http.server(Integer.parseInt(options.getOrDefault("http-port", "8080")), 1024);
    plain.createContext("/", router::handle);
    plain.setExecutor(Executors.newFixedThreadPool(64));
    plain.start();
    Executors.newSingleThreadScheduledExecutor()
        .scheduleWithFixedDelay(router::checkHealth, 0, 200, TimeUnit.MILLISECONDS);
    System.out.println(
        "router listening on http://127.0.0.1:"
            + options.getOrDefault("http-port", "8080")
            + (router.failover ? "" : " with failover OFF"));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (serverHeader != null) {
        exchange.getResponseHeaders().set("Server", serverHeader);
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/_router/register") && exchange.getRequestMethod().equals("POST")) {
        register(exchange);
      } else if (path.equals("/_router/health")) {
        // Which replicas the router would send a request to right now: how long it takes to notice
        // a
        // dead one is what bench/failover.sh measures.
        String list =
            replicas.values().stream()
                .sorted((a, b) -> a.url.compareTo(b.url))
                .map(
                    r ->
                        "{\"cloud\":\""
                            + r.cloud
                            + "\",\"url\":\""
                            + r.url
                            + "\",\"healthy\":"
                            + r.healthy
                            + "}")
                .collect(java.util.stream.Collectors.joining(","));
        Http.json(exchange, 200, "{\"replicas\":[" + list + "]}");
      } else {
        forward(exchange);
      }
    }
  }

  private void register(HttpExchange exchange) throws IOException {
    Matcher registration = REGISTRATION.matcher(Http.body(exchange));
    if (!registration.find()) {
      Http.json(exchange, 400, "{\"error\":\"expected {\\\"cloud\\\":...,\\\"url\\\":...}\"}");
      return;
    }
    String url = registration.group(2);
    Replica replica =
        replicas.computeIfAbsent(url, u -> new Replica(registration.group(1), URI.create(u)));
    replica.lastHeartbeat = System.currentTimeMillis();
    Http.json(exchange, 204, "");
  }

  private void forward(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    List<Replica> candidates = candidates();
    if (candidates.isEmpty()) {
      Http.json(exchange, 503, "{\"error\":\"no replica is available\"}");
      return;
    }
    int start = Math.floorMod(next.getAndIncrement(), candidates.size());
    int attempts = failover ? candidates.size() : 1;
    // A POST with an Idempotency-Key may be sent again: the replica takes the key as the
    // donation's id, so a retry cannot take a donation twice.
    boolean idempotent =
        exchange.getRequestMethod().equals("GET")
            || exchange.getRequestHeaders().getFirst("Idempotency-Key") != null;
    for (int i = 0; i < attempts; i++) {
      Replica replica = candidates.get((start + i) % candidates.size());
      try {
        Upstream.Reply response = send(exchange, replica, body);
        if (failover
            && idempotent
            && (response.status() >= 500 || partial(response))
            && i < attempts - 1) {
          continue;
        }
        relay(exchange, response);
        return;
      } catch (ConnectException e) {
        replica.healthy =
            false; // it did not get the request: safe to try another, whatever the method
      } catch (IOException e) {
        replica.healthy = false;
        if (!idempotent) {
          break; // it may have taken the donation: do not take it twice
        }
      }
    }
    Http.json(exchange, 502, "{\"error\":\"the replica failed\"}");
  }

  /** A read a replica could answer only in part (its store away): another may answer it whole. */
  private static boolean partial(Upstream.Reply response) {
    return response.status() == 200
        && new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("\"complete\":false");
  }

  private List<Replica> candidates() {
    long now = System.currentTimeMillis();
    if (!failover) {
      return replicas.values().stream().sorted((a, b) -> a.url.compareTo(b.url)).toList();
    }
    replicas.values().removeIf(r -> now - r.lastHeartbeat > EXPIRY_MILLIS);
    return replicas.values().stream()
        .filter(r -> r.healthy)
        .sorted((a, b) -> a.url.compareTo(b.url))
        .toList();
  }

  private Upstream.Reply send(HttpExchange exchange, Replica replica, byte[] body)
      throws IOException {
    URI target =
        replica.url.resolve(
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
    Map<String, String> headers = new java.util.HashMap<>();
    for (String header : List.of("Content-Type", "Idempotency-Key")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        headers.put(header, value);
      }
    }
    return upstream.call(exchange.getRequestMethod(), target, headers, body, RELAYED);
  }

  private static void relay(HttpExchange exchange, Upstream.Reply response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private void checkHealth() {
    for (Replica replica : replicas.values()) {
      checking.execute(
          () -> {
            try {
              replica.healthy = healthChecks.get(replica.url.resolve("/health")).status() == 200;
            } catch (IOException e) {
              replica.healthy = false;
            }
          });
    }
  }

  private static final class Replica {
    final String cloud;
    final URI url;
    volatile boolean healthy = true;
    volatile long lastHeartbeat = System.currentTimeMillis();

    Replica(String cloud, URI url) {
      this.cloud = cloud;
      this.url = url;
    }

    @Override
    public String toString() {
      return cloud + "@" + url;
    }
  }

  /**
   * The router's certificate, made with the JDK's keytool at start so HTTPS needs nothing
   * installed: by default issued by a demo CA made alongside it, whose certificate is written to
   * {@code --ca-out} for the config to trust ({@code deployment.trust}); with {@code --cert
   * self-signed}, self-signed, which the certificate control must refuse. {@code --cert-names} says
   * which names it is for.
   */
  static final class DemoCertificate {
    private DemoCertificate() {}

    static SSLContext generate(Map<String, String> options) throws Exception {
      Path directory = Files.createTempDirectory("shakedown-demo-tls");
      Path keystore = directory.resolve("router.p12");
      String password = "demo-only";
      boolean selfSigned = "self-signed".equals(options.getOrDefault("cert", "ca"));
      try {
        // Made even for a self-signed router: the config trusts the demo CA either way, and a
        // self-signed router is then not issued by it, as a real misconfiguration would be.
        keytool(
            "-genkeypair",
            "-alias",
            "ca",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=Shakedown demo CA, O=Shakedown demo",
            "-ext",
            "bc:c",
            "-validity",
            "3650",
            "-startdate",
            "-2d",
            "-keystore",
            keystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            password,
            "-keypass",
            password);
        List<String> router =
            new ArrayList<>(
                List.of(
                    "-genkeypair",
                    "-alias",
                    "router",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=" + options.getOrDefault("cert-names", "dns:localhost,ip:127.0.0.1"),
                    "-ext",
                    "eku=serverAuth",
                    "-validity",
                    options.getOrDefault("cert-valid-days", "90"),
                    "-startdate",
                    "-" + options.getOrDefault("cert-started-days-ago", "1") + "d",
                    "-keystore",
                    keystore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    password,
                    "-keypass",
                    password));
        if (!selfSigned) {
          router.addAll(List.of("-signer", "ca", "-signerkeypass", password));
        }
        keytool(router.toArray(String[]::new));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
          store.load(in, password.toCharArray());
        }
        String caOut = options.get("ca-out");
        if (caOut != null) {
          String pem =
              "-----BEGIN CERTIFICATE-----\n"
                  + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                      .encodeToString(store.getCertificate("ca").getEncoded())
                  + "\n-----END CERTIFICATE-----\n";
          Files.createDirectories(Path.of(caOut).toAbsolutePath().getParent());
          Files.writeString(Path.of(caOut), pem);
        }
        store.deleteEntry("ca"); // the router serves with its own key only
        KeyManagerFactory keys =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
      } finally {
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(directory);
      }
    }

    private static void keytool(String... arguments) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(arguments));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
    }
  }
}
