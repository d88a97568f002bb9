import dev.shakedown.proxy.FaultProxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * The embedded fault proxy without toxics, against a direct connection on loopback:
 *   added latency  64-byte request/response round trips (20,000 after 5,000 warm-up): proxied minus direct, p50 and p99
 *   bulk           1 GB written through one connection to a server that discards it, in MB/s (10^6 bytes)
 * Run by bench/proxy.sh: java -cp target/shakedown.jar bench/ProxyBench.java
 */
public class ProxyBench {
  public static void main(String[] args) throws Exception {
    try (ServerSocket echo = server(true); ServerSocket sink = server(false); FaultProxy fault = FaultProxy.start("127.0.0.1", 0)) {
      ToxiproxyClient client = new ToxiproxyClient(fault.url().getHost(), fault.url().getPort());
      Proxy echoProxy = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
      Proxy sinkProxy = client.createProxy("sink", "127.0.0.1:0", "127.0.0.1:" + sink.getLocalPort());

      long[] direct = roundTrips(echo.getLocalPort());
      long[] proxied = roundTrips(port(echoProxy));
      System.out.printf("on %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
      System.out.printf("round trip direct:   p50 %6.1f us  p99 %6.1f us%n", pct(direct, 50), pct(direct, 99));
      System.out.printf("round trip proxied:  p50 %6.1f us  p99 %6.1f us%n", pct(proxied, 50), pct(proxied, 99));
      System.out.printf("added by the proxy:  p50 %6.1f us  p99 %6.1f us%n", pct(proxied, 50) - pct(direct, 50), pct(proxied, 99) - pct(direct, 99));

      long bytes = 1_000_000_000L;
      double directRate = bulk(sink.getLocalPort(), bytes);
      double proxiedRate = bulk(port(sinkProxy), bytes);
      System.out.printf("bulk 1 GB direct:    %6.0f MB/s%n", directRate);
      System.out.printf("bulk 1 GB proxied:   %6.0f MB/s%n", proxiedRate);
    }
    System.exit(0);
  }

  private static ServerSocket server(boolean echo) throws Exception {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(() -> {
      while (true) {
        try {
          Socket socket = server.accept();
          socket.setTcpNoDelay(true);
          Thread serve = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
              int read;
              while ((read = in.read(buffer)) >= 0) {
                if (echo) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              }
            } catch (Exception ignored) {
              // the client is done
            }
          });
          serve.setDaemon(true);
          serve.start();
        } catch (Exception e) {
          return;
        }
      }
    });
    accept.setDaemon(true);
    accept.start();
    return server;
  }

  private static long[] roundTrips(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] request = new byte[64];
      byte[] reply = new byte[64];
      long[] times = new long[20_000];
      for (int i = -5_000; i < times.length; i++) {
        long start = System.nanoTime();
        out.write(request);
        out.flush();
        int got = 0;
        while (got < reply.length) {
          got += in.read(reply, got, reply.length - got);
        }
        if (i >= 0) {
          times[i] = System.nanoTime() - start;
        }
      }
      Arrays.sort(times);
      return times;
    }
  }

  private static double bulk(int port, long bytes) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = socket.getOutputStream();
      byte[] chunk = new byte[256 * 1024];
      long start = System.nanoTime();
      for (long sent = 0; sent < bytes; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      socket.shutdownOutput();
      socket.getInputStream().read(); // the server closes once it has read everything
      return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static int port(Proxy proxy) {
    return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
  }

  private static double pct(long[] sorted, double percentile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)] / 1000.0;
  }
}
