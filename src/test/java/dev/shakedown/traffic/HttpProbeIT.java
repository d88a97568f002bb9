package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.config.ProbeSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The steady state's probe against a real socket on loopback that misbehaves. */
class HttpProbeIT {
  @Test
  @Timeout(30) // without the bound, the probe waited for the rest of the body for ever
  void should_time_out_a_response_whose_body_stalls_after_its_headers() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread stalling =
          new Thread(
              () -> {
                try (Socket client = server.accept()) {
                  client.getInputStream().read(new byte[4096]);
                  OutputStream out = client.getOutputStream();
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst bytes"
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  done.await(); // the rest of the body never comes
                } catch (Exception ignored) {
                  // the test ends the connection
                }
              });
      stalling.setDaemon(true);
      stalling.start();
      ProbeSettings settings =
          new ProbeSettings("/", Duration.ofMillis(500), null, null, null, null, null, null);
      ProbeTarget target =
          new ProbeTarget(
              "stalling", URI.create("http://127.0.0.1:" + server.getLocalPort()), settings, "");

      ProbeResult result = Probes.http(target).probe();

      assertThat(result.failure()).contains("timed out after 500 ms");
      done.countDown();
    }
  }
}
