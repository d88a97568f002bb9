package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.config.Redactor;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The live page's server on loopback: who it answers, what it streams, what its abort says. */
class LiveServerTest {
  private final AtomicInteger renders = new AtomicInteger();
  private final AtomicInteger aborts = new AtomicInteger();

  private LiveServer start() throws Exception {
    return LiveServer.start(
        0,
        () -> "<p id=\"n\">" + renders.incrementAndGet() + "</p>",
        () ->
            aborts.incrementAndGet() == 1
                ? new Abort(true, "aborting: reverting everything the run applied")
                : new Abort(false, "aborting already"));
  }

  /** A raw HTTP/1.1 exchange, so that any Host header can be sent. */
  private static String exchange(URI uri, String method, String host, String header)
      throws Exception {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + uri.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n"
                  + (header == null ? "" : header + "\r\n")
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void only_the_token_on_loopback_opens_the_page_and_only_a_header_carrying_it_aborts()
      throws Exception {
    try (LiveServer live = start()) {
      URI page = live.address();
      String host = page.getHost() + ":" + page.getPort();
      String token = page.getPath().split("/")[1];
      URI stranger = page.resolve("/" + "0".repeat(48) + "/");

      assertThat(exchange(page, "GET", host, null)).startsWith("HTTP/1.1 200").contains("id=\"n\"");
      assertThat(exchange(stranger, "GET", host, null)).startsWith("HTTP/1.1 403");
      assertThat(exchange(page.resolve("/"), "GET", host, null)).startsWith("HTTP/1.1 403");
      assertThat(exchange(page, "GET", "evil.example:" + page.getPort(), null))
          .as("a name resolved to loopback (DNS rebinding)")
          .startsWith("HTTP/1.1 403");
      assertThat(exchange(page.resolve("abort"), "POST", host, null)).startsWith("HTTP/1.1 403");
      assertThat(aborts).hasValue(0);

      assertThat(exchange(page.resolve("abort"), "POST", host, "X-Shakedown-Token: " + token))
          .startsWith("HTTP/1.1 202")
          .contains("aborting: reverting everything the run applied");
      assertThat(exchange(page.resolve("abort"), "POST", host, "X-Shakedown-Token: " + token))
          .startsWith("HTTP/1.1 409")
          .contains("aborting already");
    }
  }

  /** The page's event stream over {@code socket}, raw: the lines as the server writes them. */
  private static BufferedReader events(Socket socket, URI page) throws Exception {
    socket.setSoTimeout(10_000); // a stream that never ends fails the test, not hangs it
    URI events = page.resolve("events");
    socket
        .getOutputStream()
        .write(
            ("GET "
                    + events.getRawPath()
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + events.getPort()
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  @Test
  void the_events_stream_the_page_as_it_changes_and_the_port_is_free_once_closed()
      throws Exception {
    URI page;
    try (LiveServer live = start()) {
      page = live.address();
      try (Socket socket = new Socket(page.getHost(), page.getPort())) {
        BufferedReader lines = events(socket, page);
        List<String> data = lines.lines().filter(l -> l.startsWith("data: ")).limit(2).toList();
        assertThat(data).hasSize(2).doesNotHaveDuplicates();
        assertThat(data.get(0)).startsWith("data: <p id=\"n\">");
      }
    }
    try (java.net.ServerSocket again = new java.net.ServerSocket(page.getPort())) {
      assertThat(again.getLocalPort()).isEqualTo(page.getPort());
    }
  }

  @Test
  void an_open_page_gets_the_run_s_last_state_as_an_end_event_when_the_server_closes()
      throws Exception {
    LiveServer live = start();
    try (Socket socket = new Socket(live.address().getHost(), live.address().getPort())) {
      BufferedReader lines = events(socket, live.address());
      assertThat(lines.lines().filter(l -> l.startsWith("data: ")).findFirst()).isPresent();

      live.close();

      // Chunked: the chunks' sizes and the last chunk's 0 are among the lines.
      List<String> rest =
          lines.lines().filter(l -> l.startsWith("event: ") || l.startsWith("data: ")).toList();
      int end = rest.indexOf("event: end");
      assertThat(end).as(String.join("\n", rest)).isNotNegative();
      assertThat(rest.get(end + 1)).startsWith("data: <p id=\"n\">");
      assertThat(rest).hasSize(end + 2); // nothing after it: the stream is over
    }
  }

  @Test
  void the_page_escapes_and_redacts_what_it_shows_on_one_line() {
    LiveView view = new LiveView();
    Redactor redactor = new Redactor();
    redactor.register("hunter2");
    view.secrets(redactor);
    view.scenarioStarted("<img src=x onerror=alert(1)>", "f.feature:2");
    view.stepStarted("When \"cloud-a/store\" is cut off with hunter2\nand more");

    String html =
        view.html(
            Optional.of(
                new RunStatus(
                    List.of(new RunStatus.Applied("<b>cut</b>", Instant.now().minusSeconds(7))),
                    Optional.empty(),
                    0)),
            List.of(new Evidence.Note(Instant.now(), "jane", "<script>x</script>")),
            Instant.now());

    assertThat(html)
        .doesNotContain("<img")
        .doesNotContain("<script>")
        .doesNotContain("<b>cut")
        .doesNotContain("hunter2")
        .doesNotContain("\n")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("for 7 s");
  }
}
