package dev.shakedown.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToxiproxyCallsIT {
  @Test
  void should_fail_a_call_to_a_toxiproxy_that_accepts_and_never_answers_instead_of_hanging()
      throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accept =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(hung.accept()); // accepted, never answered
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      accept.setDaemon(true);
      accept.start();
      URI server = URI.create("http://127.0.0.1:" + hung.getLocalPort());

      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  ToxiproxyCalls.call(
                      server,
                      Duration.ofMillis(300),
                      "adding 800 ms of latency on cloud-a/store",
                      () -> new ToxiproxyClient(server.getHost(), server.getPort()).getProxies()))
          .isInstanceOf(FaultException.class)
          .hasMessage(
              "the Toxiproxy API at "
                  + server
                  + " did not answer within 300 ms while adding 800 ms of latency on cloud-a/store;"
                  + " is it overloaded or hung? check it, or raise toxiproxy.timeout");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
