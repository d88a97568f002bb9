package dev.shakedown.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.TcpServers;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What keeps a web page, a stranger on the network and a careless client from driving the fault
 * proxy's API: each request here is written byte by byte on a socket, as a browser or curl would
 * send it, and the answer read back.
 */
class FaultProxyApiGuardsIT {
  FaultProxy server;

  @BeforeEach
  void start() {
    server = FaultProxy.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static final String CREATE =
      "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\"}";

  @Test
  void should_refuse_a_browser_as_toxiproxy_does_and_create_nothing() throws Exception {
    String answer =
        request(
            "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Mozilla/5.0\r\n"
                + "Content-Type: text/plain\r\n",
            CREATE);

    assertThat(answer).startsWith("HTTP/1.1 403").contains("User agent not allowed");
    assertThat(new ToxiproxyClient("127.0.0.1", server.url().getPort()).getProxies()).isEmpty();
  }

  @Test
  void should_refuse_a_host_header_that_is_not_loopback_or_its_own() throws Exception {
    String answer =
        request(
            "POST /proxies HTTP/1.1\r\nHost: evil.example:8474\r\nUser-Agent: curl/8\r\n", CREATE);

    assertThat(answer).startsWith("HTTP/1.1 403").contains("Host not allowed");
    assertThat(request("GET /proxies HTTP/1.1\r\nHost: localhost:8474\r\n", ""))
        .startsWith("HTTP/1.1 200");
    assertThat(request("GET /proxies HTTP/1.1\r\nHost: [::1]:8474\r\n", ""))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void should_refuse_a_body_over_one_mebibyte_with_413() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(FaultProxy.LARGEST_BODY) + "\"}";

    assertThat(request("POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n", big))
        .startsWith("HTTP/1.1 413")
        .contains("request body too large");
  }

  @Test
  void should_answer_400_to_a_body_that_is_not_json() throws Exception {
    assertThat(request("POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n", "{not json"))
        .startsWith("HTTP/1.1 400")
        .contains("bad request body");
  }

  @Test
  void should_open_proxies_on_loopback_only_unless_started_on_another_host() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      String answer =
          request(
              "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n",
              "{\"name\":\"open\",\"listen\":\"0.0.0.0:0\",\"upstream\":\""
                  + echo.address()
                  + "\"}");

      assertThat(answer)
          .startsWith("HTTP/1.1 403")
          .contains("listen address 0.0.0.0:0 is not a loopback address");
      assertThat(new ToxiproxyClient("127.0.0.1", server.url().getPort()).getProxies()).isEmpty();
    }
    try (FaultProxy anywhere = FaultProxy.start("0.0.0.0", 0);
        TcpServers echo = TcpServers.echo()) {
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", anywhere.url().getPort());
      // Bound to every address: the wildcard, IPv4 or IPv6, as the JDK binds it.
      assertThat(client.createProxy("open", "0.0.0.0:0", echo.address()).getListen())
          .matches("(0\\.0\\.0\\.0|\\[0:0:0:0:0:0:0:0]):\\d+");
    }
  }

  @Test
  void should_say_its_toxiproxy_version_as_toxiproxy_does() throws Exception {
    assertThat(request("GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n", ""))
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("Content-Type: application/json")
        .endsWith("{\"version\": \"" + FaultProxy.VERSION + "\"}\n");
  }

  /** One request on a fresh connection; the whole answer as text. */
  private String request(String head, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.url().getPort())) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          (head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException closedEarly) {
        // A server that refuses a large body may close before reading it all: its answer counts.
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
