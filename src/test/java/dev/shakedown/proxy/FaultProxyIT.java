package dev.shakedown.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.testing.TcpServers;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Toxiproxy Java client against the embedded fault proxy, with every toxic's effect
 * measured.
 */
class FaultProxyIT {
  FaultProxy server;
  ToxiproxyClient client;

  @BeforeEach
  void start() {
    server = FaultProxy.start("127.0.0.1", 0);
    client = new ToxiproxyClient(server.url().getHost(), server.url().getPort());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_create_list_update_and_delete_proxies_as_toxiproxy_does() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());

      assertThat(client.version()).contains("\"version\": \"" + FaultProxy.VERSION + "\"");
      assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("db");
      assertThat(client.getProxy("db").getUpstream()).isEqualTo(echo.address());
      assertThat(roundTrip(proxy.getListen(), "ping")).isEqualTo("ping");
      assertThatThrownBy(() -> client.createProxy("db", "127.0.0.1:0", echo.address()))
          .hasMessageContaining("409")
          .hasMessageContaining("proxy already exists");
      assertThatThrownBy(() -> client.getProxy("nope"))
          .hasMessageContaining("404")
          .hasMessageContaining("proxy not found");

      proxy.disable();
      assertThat(client.getProxy("db").isEnabled()).isFalse();
      assertThatThrownBy(() -> roundTrip(proxy.getListen(), "ping"))
          .isInstanceOf(ConnectException.class);
      proxy.enable();
      assertThat(roundTrip(client.getProxy("db").getListen(), "ping")).isEqualTo("ping");

      proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 10);
      assertThatThrownBy(() -> proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 10))
          .hasMessageContaining("409")
          .hasMessageContaining("toxic already exists");
      assertThatThrownBy(() -> proxy.toxics().get("missing"))
          .hasMessageContaining("404")
          .hasMessageContaining("toxic not found");
      client.reset();
      assertThat(client.getProxy("db").toxics().getAll()).isEmpty();

      client.getProxy("db").delete();
      assertThat(client.getProxies()).isEmpty();
    }
  }

  @Test
  void should_add_200_ms_to_a_round_trip_with_a_200_ms_latency_toxic() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.address());
      long baseline = medianRoundTripNanos(proxy.getListen());
      proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 200);

      long added = medianRoundTripNanos(proxy.getListen()) - baseline;

      assertThat(added / 1_000_000.0).isBetween(180.0, 220.0);
    }
  }

  @Test
  void should_hold_the_rate_to_100_kb_per_second_with_a_bandwidth_toxic() throws Exception {
    int bytes = 200_000;
    try (TcpServers source = TcpServers.sending(bytes)) {
      Proxy proxy = client.createProxy("bulk", "127.0.0.1:0", source.address());
      proxy.toxics().bandwidth("rate", ToxicDirection.DOWNSTREAM, 100);

      long start = System.nanoTime();
      byte[] received = readAll(proxy.getListen());
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(received).hasSize(bytes);
      assertThat(bytes / 1000.0 / seconds).as("KB/s").isBetween(90.0, 110.0);
    }
  }

  @Test
  void should_hold_data_then_close_with_a_timeout_toxic() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      Proxy proxy = client.createProxy("hold", "127.0.0.1:0", echo.address());
      proxy.toxics().timeout("hold", ToxicDirection.DOWNSTREAM, 500);

      try (Socket socket = connect(proxy.getListen())) {
        long start = System.nanoTime();
        socket.getOutputStream().write("ping".getBytes());
        int read = socket.getInputStream().read();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(read).as("nothing gets through, then the connection closes").isEqualTo(-1);
        assertThat(millis).isBetween(450L, 1500L);
      }
    }
  }

  @Test
  void should_reset_the_connection_with_a_reset_peer_toxic() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      Proxy proxy = client.createProxy("reset", "127.0.0.1:0", echo.address());
      proxy.toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 100);

      try (Socket socket = connect(proxy.getListen())) {
        socket.getOutputStream().write("ping".getBytes());
        InputStream in = socket.getInputStream();
        assertThatThrownBy(
                () -> {
                  while (in.read() >= 0) {
                    // read until the reset
                  }
                })
            .isInstanceOf(SocketException.class)
            .hasMessageContaining("reset");
      }
    }
  }

  @Test
  void should_close_after_the_limit_with_a_limit_data_toxic() throws Exception {
    try (TcpServers source = TcpServers.sending(10_000)) {
      Proxy proxy = client.createProxy("limit", "127.0.0.1:0", source.address());
      proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 1000);

      byte[] received = readAll(proxy.getListen());

      assertThat(received)
          .hasSize(1000)
          .isEqualTo(java.util.Arrays.copyOf(TcpServers.pattern(10_000), 1000));
    }
  }

  @Test
  void should_deliver_everything_in_order_in_small_pieces_with_a_slicer_toxic() throws Exception {
    try (TcpServers source = TcpServers.sending(20_000)) {
      Proxy proxy = client.createProxy("slice", "127.0.0.1:0", source.address());
      proxy.toxics().slicer("slice", ToxicDirection.DOWNSTREAM, 100, 100).setSizeVariation(50);

      byte[] received = readAll(proxy.getListen());

      assertThat(received).isEqualTo(TcpServers.pattern(20_000));
    }
  }

  @Test
  void should_keep_the_order_of_many_chunks_held_back_by_a_jittery_latency() throws Exception {
    // With jitter, chunks come due at the same instant; each on a timer of its own, two could swap.
    try (TcpServers source = TcpServers.trickling(20_000, 10)) {
      Proxy proxy = client.createProxy("jitter", "127.0.0.1:0", source.address());
      proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 20).setJitter(20);

      for (int attempt = 0; attempt < 5; attempt++) {
        assertThat(readAll(proxy.getListen())).isEqualTo(TcpServers.pattern(20_000));
      }
    }
  }

  @Test
  void should_delay_the_close_with_a_slow_close_toxic() throws Exception {
    try (TcpServers source = TcpServers.sending(10)) {
      Proxy proxy = client.createProxy("close", "127.0.0.1:0", source.address());
      proxy.toxics().slowClose("close", ToxicDirection.DOWNSTREAM, 500);

      long start = System.nanoTime();
      byte[] received = readAll(proxy.getListen());
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(received).hasSize(10);
      assertThat(millis).isGreaterThanOrEqualTo(450);
    }
  }

  @Test
  void should_leave_a_connection_alone_when_the_toxic_does_not_hit_it() throws Exception {
    try (TcpServers echo = TcpServers.echo()) {
      Proxy proxy = client.createProxy("lucky", "127.0.0.1:0", echo.address());
      proxy.toxics().latency("never", ToxicDirection.DOWNSTREAM, 1000).setToxicity(0f);

      long millis = medianRoundTripNanos(proxy.getListen()) / 1_000_000;

      assertThat(millis).isLessThan(200);
    }
  }

  private static Socket connect(String listen) throws IOException {
    int colon = listen.lastIndexOf(':');
    Socket socket = new Socket();
    socket.connect(
        new InetSocketAddress(
            listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))),
        2000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  private static String roundTrip(String listen, String message) throws IOException {
    try (Socket socket = connect(listen)) {
      socket.getOutputStream().write(message.getBytes());
      byte[] reply = socket.getInputStream().readNBytes(message.length());
      return new String(reply);
    }
  }

  private static long medianRoundTripNanos(String listen) throws IOException {
    try (Socket socket = connect(listen)) {
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        long start = System.nanoTime();
        socket.getOutputStream().write('x');
        socket.getInputStream().read();
        times.add(System.nanoTime() - start);
      }
      return times.stream().sorted().toList().get(3);
    }
  }

  private static byte[] readAll(String listen) throws IOException {
    try (Socket socket = connect(listen)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(out);
      return out.toByteArray();
    }
  }
}
