import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fault proxies without toxics, each a server of its own already running, against a direct
 * connection on loopback:
 *   round trips  32-byte request/response pairs on one connection with TCP_NODELAY; every target
 *                gets WARM_UP first, then ROUNDS blocks of ROUND each, the targets' blocks
 *                interleaved so that drift on the machine touches them all alike; p50, p99, p99.9
 *                of each target, and what the proxy adds (proxied minus direct, percentile by
 *                percentile)
 *   bulk         1 GB written through one connection to a server that discards it, in MB/s
 *                (10^6 bytes), best of BULK_RUNS
 * Usage (bench/proxy.sh starts the servers): java -cp target/shakedown.jar bench/ProxyBench.java
 *   NAME=http://HOST:PORT...   (the Toxiproxy API of each proxy server to measure)
 */
public class ProxyBench {
  private static final int SIZE = 32;
  private static final int WARM_UP = 20_000;
  private static final int ROUNDS = 50;
  private static final int ROUND = 2_000;
  private static final int BULK_RUNS = 2;
  private static final long BULK_BYTES = 1_000_000_000L;

  public static void main(String[] args) throws Exception {
    try (ServerSocket echo = server(true); ServerSocket sink = server(false)) {
      Map<String, int[]> targets = new LinkedHashMap<>(); // name -> echo port, sink port
      targets.put("direct", new int[] {echo.getLocalPort(), sink.getLocalPort()});
      for (String arg : args) {
        String name = arg.substring(0, arg.indexOf('='));
        URI api = URI.create(arg.substring(arg.indexOf('=') + 1));
        ToxiproxyClient client = new ToxiproxyClient(api.getHost(), api.getPort());
        for (Proxy old : client.getProxies()) {
          old.delete();
        }
        Proxy echoProxy = client.createProxy("bench-echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
        Proxy sinkProxy = client.createProxy("bench-sink", "127.0.0.1:0", "127.0.0.1:" + sink.getLocalPort());
        targets.put(name, new int[] {port(echoProxy), port(sinkProxy)});
      }
      System.out.printf("on %d cores; %d-byte round trips: %,d to warm up, then %d x %,d interleaved per target%n",
          Runtime.getRuntime().availableProcessors(), SIZE, WARM_UP, ROUNDS, ROUND);

      Map<String, Socket> sockets = new LinkedHashMap<>();
      Map<String, long[]> times = new LinkedHashMap<>();
      for (Map.Entry<String, int[]> target : targets.entrySet()) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", target.getValue()[0]));
        socket.setTcpNoDelay(true);
        sockets.put(target.getKey(), socket);
        times.put(target.getKey(), new long[ROUNDS * ROUND]);
        roundTrips(socket, new long[WARM_UP], 0, WARM_UP);
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (String name : targets.keySet()) {
          roundTrips(sockets.get(name), times.get(name), round * ROUND, ROUND);
        }
      }
      for (Socket socket : sockets.values()) {
        socket.close();
      }

      long[] direct = sorted(times.get("direct"));
      System.out.printf("%-22s %9s %9s %9s %9s%n", "round trip (us)", "p50", "p99", "p99.9", "max");
      for (String name : targets.keySet()) {
        long[] t = sorted(times.get(name));
        System.out.printf("%-22s %9.1f %9.1f %9.1f %9.1f%n", name, pct(t, 50), pct(t, 99), pct(t, 99.9), t[t.length - 1] / 1000.0);
      }
      for (String name : targets.keySet()) {
        if (!name.equals("direct")) {
          long[] t = sorted(times.get(name));
          System.out.printf("%-22s %9.1f %9.1f %9.1f%n", "added by " + name,
              pct(t, 50) - pct(direct, 50), pct(t, 99) - pct(direct, 99), pct(t, 99.9) - pct(direct, 99.9));
        }
      }
      for (Map.Entry<String, int[]> target : targets.entrySet()) {
        double best = 0;
        for (int i = 0; i < BULK_RUNS; i++) {
          best = Math.max(best, bulk(target.getValue()[1], BULK_BYTES));
        }
        System.out.printf("%-22s %9.0f MB/s%n", "bulk 1 GB " + target.getKey(), best);
      }
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

  private static void roundTrips(Socket socket, long[] times, int from, int count) throws Exception {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    byte[] request = new byte[SIZE];
    byte[] reply = new byte[SIZE];
    for (int i = from; i < from + count; i++) {
      long start = System.nanoTime();
      out.write(request);
      int got = 0;
      while (got < SIZE) {
        int read = in.read(reply, got, SIZE - got);
        if (read < 0) {
          throw new IllegalStateException("the connection closed mid-reply");
        }
        got += read;
      }
      times[i] = System.nanoTime() - start;
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
      socket.shutdownOutput();
      socket.getInputStream().read(); // the server closes once it has read everything
      return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static int port(Proxy proxy) {
    return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
  }

  private static long[] sorted(long[] times) {
    long[] copy = times.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static double pct(long[] sorted, double percentile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)] / 1000.0;
  }
}
