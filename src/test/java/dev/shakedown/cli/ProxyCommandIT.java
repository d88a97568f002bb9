package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TcpServers;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shakedown proxy} as an operator runs it, in a JVM of its own: what a web page, a rebound
 * host name and a client that never finishes its request get from it, while the official client
 * still drives it.
 */
class ProxyCommandIT {
  @TempDir Path dir;
  private ShakedownProcess proxy;
  private int port;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    proxy =
        ShakedownProcess.start(dir, dir.resolve("logs"), "proxy", "--port", Integer.toString(port));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> proxy.out().contains("listening on"));
  }

  @AfterEach
  void stop() throws Exception {
    proxy.process().destroy();
    proxy.await(20);
  }

  @Test
  void should_refuse_a_browser_and_a_foreign_host_and_serve_the_official_client() throws Exception {
    String body = "{\"name\":\"x\",\"listen\":\"127.0.0.1:19999\",\"upstream\":\"127.0.0.1:9\"}";

    assertThat(
            request(
                "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nUser-Agent: Mozilla/5.0\r\nContent-Type: text/plain\r\n",
                body))
        .startsWith("HTTP/1.1 403")
        .contains("User agent not allowed");
    assertThat(
            request(
                "POST /proxies HTTP/1.1\r\nHost: evil.example\r\nUser-Agent: curl/8.5\r\n", body))
        .startsWith("HTTP/1.1 403")
        .contains("Host not allowed");

    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", port);
    assertThat(client.getProxies()).isEmpty(); // neither refused request created anything
    try (TcpServers echo = TcpServers.echo()) {
      assertThat(client.createProxy("db", "127.0.0.1:0", echo.address()).getName()).isEqualTo("db");
    }
  }

  @Test
  void should_close_a_request_that_is_never_finished() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(40_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Instant sent = Instant.now();
      InputStream in = socket.getInputStream();
      try {
        while (in.read() != -1) {
          // whatever it says before closing
        }
      } catch (IOException reset) {
        // closed hard: as good
      }
      // Toxiproxy's read timeout is 15 s; the JDK's timer ticks once a second.
      assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(25));
    }
  }

  private String request(String head, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      socket
          .getOutputStream()
          .write(
              (head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(bytes);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
