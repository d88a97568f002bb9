package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator's HTTP client against servers on loopback that misbehave in the ways a
 * deployment under test does: slow, silent, closing, oversized, and with a certificate nobody
 * vouches for.
 */
class LoadClientIT {
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  /** What one request came to. */
  private record Outcome(int status, Map<String, String> headers, String body, Throwable failure) {}

  private static final class Waiting implements LoadClient.Answer {
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final AtomicInteger told = new AtomicInteger();

    @Override
    public void answered(int status, Map<String, String> headers, String body) {
      told.incrementAndGet();
      outcome.complete(new Outcome(status, headers, body, null));
    }

    @Override
    public void failed(Throwable failure) {
      told.incrementAndGet();
      outcome.complete(new Outcome(0, Map.of(), null, failure));
    }

    Outcome get() throws Exception {
      return outcome.get(20, TimeUnit.SECONDS);
    }
  }

  private LoadClient client(int connections, Duration timeout) throws Exception {
    LoadClient client = LoadClient.start(connections, 1024, timeout);
    started.add(client);
    return client;
  }

  private RawServer server(IntFunction<String> answerToRequest) throws IOException {
    RawServer server = new RawServer(answerToRequest);
    started.add(server);
    return server;
  }

  private static LoadRequest get(URI uri) {
    return new LoadRequest("GET", uri, Map.of(), null);
  }

  @Test
  void should_never_open_more_connections_than_allowed_and_answer_every_request_queued_behind_them()
      throws Exception {
    RawServer server = server(n -> sleepThen(30, ok("answer " + n)));
    LoadClient client = client(2, Duration.ofSeconds(10));

    List<Waiting> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Waiting answer = new Waiting();
      answers.add(answer);
      client.send(get(server.uri("/x")), answer);
    }
    for (Waiting answer : answers) {
      assertThat(answer.get().status()).isEqualTo(200);
    }

    assertThat(server.connections.get()).isEqualTo(2);
    assertThat(server.mostAtOnce.get()).isEqualTo(2);
    assertThat(answers).allSatisfy(answer -> assertThat(answer.told).hasValue(1));
  }

  @Test
  void should_send_the_method_headers_and_body_it_was_given_and_read_the_answer_in_its_charset()
      throws Exception {
    RawServer server =
        server(
            n ->
                "HTTP/1.1 201 Created\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                    + "Location: /donations/7\r\nContent-Length: 5\r\n\r\nd\u00e9j\u00e0!");
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting answer = new Waiting();

    client.send(
        new LoadRequest(
            "POST",
            server.uri("/donations?cause=sea"),
            Map.of("X-Trace", "t-1"),
            "{\"amount\":\"5\u20ac\"}"),
        answer);

    Outcome outcome = answer.get();
    assertThat(outcome.status()).isEqualTo(201);
    assertThat(outcome.body()).isEqualTo("d\u00e9j\u00e0!");
    assertThat(outcome.headers()).containsEntry("Location", "/donations/7");
    String request = server.requests.get(0);
    assertThat(request)
        .startsWith("POST /donations?cause=sea HTTP/1.1\r\n")
        .contains("\r\nhost: 127.0.0.1:" + server.port() + "\r\n")
        .contains("\r\nX-Trace: t-1\r\n")
        .contains("\r\ncontent-type: application/json\r\n")
        .contains("\r\ncontent-length: 17\r\n")
        .endsWith("\r\n\r\n{\"amount\":\"5\u20ac\"}");
  }

  @Test
  void should_fail_a_request_without_an_answer_in_time_and_drop_its_connection() throws Exception {
    RawServer server = server(n -> n == 1 ? null : ok("late but fine")); // the first: silence
    LoadClient client = client(1, Duration.ofMillis(300));
    Waiting silent = new Waiting();
    long start = System.nanoTime();

    client.send(get(server.uri("/")), silent);

    Outcome outcome = silent.get();
    long took = System.nanoTime() - start;
    assertThat(outcome.failure()).isInstanceOf(TimeoutException.class);
    assertThat(took).isBetween(TimeUnit.MILLISECONDS.toNanos(290), TimeUnit.SECONDS.toNanos(3));
    server.awaitClosed(1);

    Waiting next = new Waiting();
    client.send(get(server.uri("/")), next);
    assertThat(next.get().status()).isEqualTo(200);
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void should_count_the_wait_for_a_connection_in_the_timeout() throws Exception {
    RawServer server = server(n -> n == 1 ? null : sleepThen(450, ok("slow")));
    LoadClient client = client(1, Duration.ofMillis(500));
    Waiting silent = new Waiting();
    Waiting queued = new Waiting();

    client.send(get(server.uri("/")), silent);
    Thread.sleep(400);
    client.send(get(server.uri("/")), queued); // waits behind the silent one

    assertThat(silent.get().failure()).isInstanceOf(TimeoutException.class);
    Outcome second = queued.get();
    // It goes on a new connection once the first times out, some 100 ms after it was handed over,
    // and its answer takes 450 ms: timed from its hand-over it times out before that answer;
    // timed from the connection it would have been answered.
    assertThat(second.failure()).isInstanceOf(TimeoutException.class);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void should_refuse_a_request_beyond_those_allowed_to_wait() throws Exception {
    RawServer server = server(n -> null);
    LoadClient client = LoadClient.start(1, 2, Duration.ofSeconds(30));
    started.add(client);
    List<Waiting> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Waiting answer = new Waiting();
      answers.add(answer);
      client.send(get(server.uri("/")), answer);
      while (i == 0 && server.requests.isEmpty()) {
        Thread.sleep(5); // the first on its connection before the next come
      }
    }

    assertThat(answers.get(3).get().failure())
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    assertThat(answers.subList(0, 3)).noneMatch(answer -> answer.outcome.isDone());
  }

  @Test
  void should_wait_past_an_interim_answer_for_the_final_one() throws Exception {
    RawServer server =
        server(
            n ->
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + ok("final " + n));
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting first = new Waiting();
    Waiting second = new Waiting();

    client.send(get(server.uri("/")), first);
    client.send(get(server.uri("/")), second);

    assertThat(first.get().body()).isEqualTo("final 1");
    assertThat(second.get().body()).isEqualTo("final 2");
  }

  @Test
  void should_take_the_length_an_answer_to_head_announces_as_no_body() throws Exception {
    RawServer server =
        server(n -> "HTTP/1.1 200 OK\r\nContent-Length: " + 10 * LoadClient.MAX_BODY + "\r\n\r\n");
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting head = new Waiting();
    Waiting again = new Waiting();

    client.send(new LoadRequest("HEAD", server.uri("/"), Map.of(), null), head);
    client.send(new LoadRequest("HEAD", server.uri("/"), Map.of(), null), again);

    assertThat(head.get().status()).as(String.valueOf(head.get().failure())).isEqualTo(200);
    assertThat(again.get().status()).isEqualTo(200);
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void should_ask_for_gzip_and_judge_the_answer_decompressed() throws Exception {
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write("{\"complete\": true}".getBytes(StandardCharsets.UTF_8));
    }
    String body = new String(zipped.toByteArray(), StandardCharsets.ISO_8859_1);
    RawServer server =
        server(
            n ->
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body);
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting answer = new Waiting();

    client.send(get(server.uri("/")), answer);

    assertThat(answer.get().body()).isEqualTo("{\"complete\": true}");
    assertThat(server.requests.get(0)).contains("\r\naccept-encoding: gzip\r\n");
  }

  @Test
  void should_go_on_serving_when_whoever_hears_an_answer_throws() throws Exception {
    RawServer server = server(n -> ok("fine"));
    LoadClient client = client(1, Duration.ofSeconds(5));
    AtomicInteger heard = new AtomicInteger();

    client.send(
        get(server.uri("/")),
        new LoadClient.Answer() {
          @Override
          public void answered(int status, Map<String, String> headers, String body) {
            heard.incrementAndGet();
            throw new IllegalStateException("a rule that would not read");
          }

          @Override
          public void failed(Throwable failure) {
            heard.incrementAndGet();
          }
        });
    Waiting next = new Waiting();
    client.send(get(server.uri("/")), next);

    assertThat(next.get().body()).isEqualTo("fine");
    assertThat(heard).hasValue(1);
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void should_open_a_new_connection_when_the_server_closes_one_after_answering() throws Exception {
    RawServer server =
        server(n -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    LoadClient client = client(4, Duration.ofSeconds(5));

    List<Waiting> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Waiting answer = new Waiting();
      answers.add(answer);
      client.send(get(server.uri("/")), answer);
    }

    for (Waiting answer : answers) {
      assertThat(answer.get().status()).isEqualTo(200);
    }
    assertThat(server.connections.get()).isEqualTo(30);
  }

  @Test
  void should_fail_every_waiting_request_when_nothing_listens() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    LoadClient client = client(8, Duration.ofSeconds(5));
    List<Waiting> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Waiting answer = new Waiting();
      answers.add(answer);
      client.send(get(URI.create("http://127.0.0.1:" + port + "/")), answer);
    }

    for (Waiting answer : answers) {
      assertThat(answer.get().failure()).isInstanceOf(java.net.ConnectException.class);
    }
    Thread.sleep(300); // a second outcome, were there one, would have come by now
    assertThat(answers).allSatisfy(answer -> assertThat(answer.told).hasValue(1));
  }

  @Test
  void should_refuse_a_chunked_body_over_64_kib() throws Exception {
    String chunk = "y".repeat(16 * 1024);
    String chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(5)
            + "0\r\n\r\n";
    RawServer server = server(n -> chunked);
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting answer = new Waiting();

    client.send(get(server.uri("/")), answer);

    assertThat(answer.get().failure()).isInstanceOf(LoadClient.BodyTooLongException.class);
  }

  @Test
  void should_refuse_a_body_over_64_kib_and_go_on_with_the_next() throws Exception {
    String big = "x".repeat(LoadClient.MAX_BODY + 1);
    RawServer server = server(n -> ok(n == 1 ? big : "small"));
    LoadClient client = client(1, Duration.ofSeconds(5));
    Waiting first = new Waiting();
    Waiting second = new Waiting();

    client.send(get(server.uri("/")), first);
    client.send(get(server.uri("/")), second);

    assertThat(first.get().failure()).isInstanceOf(LoadClient.BodyTooLongException.class);
    assertThat(second.get().body()).isEqualTo("small");
  }

  @Test
  void should_refuse_a_server_whose_certificate_nobody_vouches_for(@TempDir Path dir)
      throws Exception {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
    AtomicInteger served = new AtomicInteger();
    https.createContext(
        "/",
        exchange -> {
          served.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    https.start();
    started.add(() -> https.stop(0));
    LoadClient client = client(2, Duration.ofSeconds(5));
    List<Waiting> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Waiting answer = new Waiting();
      answers.add(answer);
      client.send(
          get(URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/")), answer);
    }

    for (Waiting answer : answers) {
      assertThat(answer.get().failure()).isInstanceOf(SSLHandshakeException.class);
    }
    assertThat(served).hasValue(0);
  }

  @Test
  void should_fail_what_it_holds_when_closed_and_refuse_what_comes_after() throws Exception {
    RawServer server = server(n -> null); // never answers
    LoadClient client = LoadClient.start(1, 1024, Duration.ofSeconds(30));
    Waiting held = new Waiting();
    Waiting queued = new Waiting();
    client.send(get(server.uri("/")), held);
    client.send(get(server.uri("/")), queued);
    Thread.sleep(200);

    long closing = System.nanoTime();
    client.close();
    long took = System.nanoTime() - closing;
    Waiting after = new Waiting();
    client.send(get(server.uri("/")), after);

    assertThat(took).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(held.get().failure()).isInstanceOf(java.io.EOFException.class);
    assertThat(queued.get().failure()).isInstanceOf(java.io.EOFException.class);
    assertThat(after.get().failure())
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  private static SSLContext selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(said).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance("SunX509");
    managers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  private static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static String sleepThen(long millis, String answer) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer;
  }

  /**
   * An HTTP/1.1 server on loopback, a thread per connection, that answers request n (counted from 1
   * across connections) with the raw text it is given, or not at all (null), and counts the
   * connections it accepted, the most open at once, and the ones the client closed.
   */
  private static final class RawServer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ServerSocket socket;
    private final IntFunction<String> answers;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    RawServer(IntFunction<String> answers) throws IOException {
      this.answers = answers;
      this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "raw-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    void awaitClosed(int n) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (closedByClient.get() < n && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertThat(closedByClient.get()).isGreaterThanOrEqualTo(n);
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          accepted.add(connection);
          connections.incrementAndGet();
          mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
          Thread thread = new Thread(() -> serve(connection), "raw-connection");
          thread.setDaemon(true);
          thread.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = connection.getInputStream();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        OutputStream out = connection.getOutputStream();
        while (true) {
          StringBuilder request = new StringBuilder();
          String line;
          int length = 0;
          while ((line = reader.readLine()) != null && !line.isEmpty()) {
            request.append(line).append("\r\n");
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
          }
          if (line == null) {
            closedByClient.incrementAndGet();
            return;
          }
          request.append("\r\n");
          char[] body = new char[length];
          int read = 0;
          while (read < length) {
            int n = reader.read(body, read, length - read);
            if (n < 0) {
              closedByClient.incrementAndGet();
              return;
            }
            read += n;
          }
          byte[] bodyBytes = new String(body).getBytes(StandardCharsets.ISO_8859_1);
          requests.add(request + new String(bodyBytes, StandardCharsets.UTF_8));
          String answer = answers.apply(count.incrementAndGet());
          if (answer == null) {
            // Silence: wait for the client to give up and close.
            if (in.read() < 0) {
              closedByClient.incrementAndGet();
            }
            return;
          }
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (answer.contains("Connection: close")) {
            return;
          }
        }
      } catch (IOException e) {
        closedByClient.incrementAndGet();
      } finally {
        open.decrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : accepted) {
        connection.close();
      }
    }
  }
}
