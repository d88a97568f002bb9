package dev.shakedown.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The live page of a run, on loopback only, for whoever holds the token printed at start: the page
 * itself, its updates as server-sent events twice a second, and an abort that reverts everything.
 * Nothing else is served, and nothing outside the page is loaded: it works offline.
 */
final class LiveServer implements AutoCloseable {
  private static final int STREAMS = 16;

  private final HttpServer server;
  private final ExecutorService threads;
  private final String token;
  private final Supplier<String> live;
  private final Supplier<Abort> abort;
  private final Semaphore streams = new Semaphore(STREAMS);
  private volatile boolean closed;

  private LiveServer(
      HttpServer server,
      ExecutorService threads,
      String token,
      Supplier<String> live,
      Supplier<Abort> abort) {
    this.server = server;
    this.threads = threads;
    this.token = token;
    this.live = live;
    this.abort = abort;
  }

  /**
   * @param port 0 for any free port
   * @param live the page's live part as it stands, one line of HTML
   * @param abort what the page's abort button does: what Ctrl-C does
   */
  static LiveServer start(int port, Supplier<String> live, Supplier<Abort> abort)
      throws IOException {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    // A connection that never finishes its request holds a thread: the JDK's server waits for it
    // forever unless told otherwise, and anyone on this machine can connect, token or not.
    System.setProperty("sun.net.httpserver.maxReqTime", "10");
    System.setProperty("jdk.httpserver.maxConnections", String.valueOf(STREAMS + 16));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    // Bounded: past it a connection is closed, never a thread the run's reverts would miss.
    ExecutorService threads =
        new java.util.concurrent.ThreadPoolExecutor(
            2,
            STREAMS + 4,
            30,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(16),
            runnable -> {
              Thread thread = new Thread(runnable, "shakedown-live");
              thread.setDaemon(true);
              return thread;
            },
            new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    LiveServer live0 =
        new LiveServer(server, threads, HexFormat.of().formatHex(secret), live, abort);
    server.createContext("/", live0::handle);
    server.setExecutor(threads);
    server.start();
    return live0;
  }

  /** Where the page is, token and all: the one address that opens it. */
  URI address() {
    // In the path, not the query: it is the page's address, which logs keep whole, where a
    // token= in a query is taken for a credential and blanked.
    InetSocketAddress bound = server.getAddress();
    String host =
        bound.getAddress() instanceof java.net.Inet6Address
            ? "[" + bound.getAddress().getHostAddress() + "]"
            : bound.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + bound.getPort() + "/" + token + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      int slash = path.indexOf('/', 1);
      if (!fromThisMachine(exchange)
          || slash < 0
          || !same(path.substring(1, slash))
          || (method.equals("POST")
              && !same(exchange.getRequestHeaders().getFirst("X-Shakedown-Token")))) {
        reply(
            exchange,
            403,
            "text/plain",
            "403: the live page is at the address printed at the run's start, token and all");
        return;
      }
      String rest = path.substring(slash + 1);
      if (rest.isEmpty() && method.equals("GET")) {
        reply(exchange, 200, "text/html; charset=utf-8", page());
      } else if (rest.equals("events") && method.equals("GET")) {
        events(exchange);
      } else if (rest.equals("abort") && method.equals("POST")) {
        Abort outcome = abort.get();
        reply(exchange, outcome.accepted() ? 202 : 409, "text/plain", outcome.said());
      } else {
        reply(exchange, 404, "text/plain", "404: the live page is at the address printed");
      }
    }
  }

  /**
   * Whether this is the token, compared in constant time. The abort wants it in a header as well:
   * another site's form can post to loopback, but cannot set a header.
   */
  private boolean same(String given) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /** A Host header naming loopback: a page of another name resolved to 127.0.0.1 gets nothing. */
  private static boolean fromThisMachine(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host != null
        && (host.startsWith("127.0.0.1:")
            || host.startsWith("localhost:")
            || host.startsWith("[::1]:"));
  }

  private void events(HttpExchange exchange) throws IOException {
    if (!streams.tryAcquire()) {
      reply(exchange, 503, "text/plain", "503: too many live pages open");
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (!closed) {
        // One line of HTML per event: the fragment has no line breaks to split it.
        out.write(("data: " + live.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(500);
      }
      // The run's last state, as its own event: the page shows it and stops listening, rather
      // than keep what it showed half a second before the end and retry a server that is gone.
      out.write(("event: end\ndata: " + live.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException gone) {
      // The page was closed: its stream ends with it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.release();
    }
  }

  private String page() {
    return PAGE.replace("{live}", live.get());
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    closed = true;
    try { // each open page gets its last event first, for a second at most
      if (streams.tryAcquire(STREAMS, 1, java.util.concurrent.TimeUnit.SECONDS)) {
        streams.release(STREAMS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(1);
    threads.shutdownNow();
  }

  /** Only this page's own: no script, style, image or connection elsewhere. */
  private static final String CSP =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src"
          + " 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String PAGE =
      """
      <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1"><title>Shakedown live</title>
      <style>
      body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:20px;color:#1d232a}
      h2{font-size:16px;margin:20px 0 6px;border-bottom:1px solid #d5dbe1}
      .muted{color:#68737d}.mono{font-family:monospace;font-size:12px}
      .figures{display:flex;gap:16px;margin:12px 0}.figure{border:1px solid #d5dbe1;border-radius:6px;padding:10px 16px;min-width:200px}
      .figure .value{font-size:32px;font-weight:700}.label{color:#68737d}
      .fault{color:#a3180a}.v{font-weight:700;padding:1px 6px;border-radius:3px;font-size:12px}
      .PASSED{background:#e3f4e6;color:#17652a}.FAILED{background:#fde4e1;color:#a3180a}
      .RUNNING{background:#e3ecfa;color:#1e63c6}.SKIPPED,.UNUSABLE{background:#eceff1;color:#455a64}
      button{background:#c62828;color:#fff;border:0;border-radius:4px;padding:8px 16px;font-size:14px;cursor:pointer}
      table{border-collapse:collapse;width:100%}td{padding:4px 6px;border-bottom:1px solid #e3e7eb}
      </style></head><body>
      <div id="live">{live}</div>
      <p><button id="abort">Abort: revert everything</button> <span id="said" class="muted"></span></p>
      <script>
      const token = location.pathname.split('/')[1];
      const events = new EventSource('events');
      events.onmessage = e => { document.getElementById('live').innerHTML = e.data; };
      events.addEventListener('end', e => {
        events.close();
        document.getElementById('live').innerHTML = e.data;
        document.getElementById('abort').disabled = true;
        document.getElementById('said').textContent = 'The run is over: this page no longer updates.';
      });
      document.getElementById('abort').onclick = async () => {
        if (!confirm('Abort the run and revert everything it applied?')) return;
        const reply = await fetch('abort', {method: 'POST', headers: {'X-Shakedown-Token': token}});
        document.getElementById('said').textContent = await reply.text();
      };
      </script></body></html>
      """;
}
