import dev.shakedown.traffic.GeneratorFellBehindException;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadRequest;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The load generator's own ceiling, against a minimal HTTP endpoint on this machine.
 *
 * <pre>
 *   server PORT [THREADS]     a minimal HTTP/1.1 server: 200 "ok" to every request (GET, no body)
 *   client URL [SECONDS]      raises the rate until the generator cannot keep it: achieved within 1%
 *                             and send lag p99 under 5 ms, or a failed request
 * </pre>
 *
 * For each rate it prints the achieved rate, send lag p99, latency p99 (from the planned send),
 * errors, the generator's CPU and its peak heap. The generator is the one the throughput steps use,
 * with their defaults (64 connections).
 */
public class LoadBench {
  private static final Duration MAX_SEND_LAG = Duration.ofMillis(5);

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("server")) {
      server(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
    } else if (args.length >= 2 && args[0].equals("client")) {
      client(URI.create(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 10);
    } else {
      System.err.println("usage: LoadBench server PORT [THREADS] | client URL [SECONDS]");
      System.exit(2);
    }
  }

  private static void client(URI uri, int seconds) throws Exception {
    LoadRequest request = new LoadRequest("GET", uri, Map.of(), null);
    try (LoadGenerator generator =
        LoadGenerator.create(64, 10_000, Duration.ofSeconds(5), MAX_SEND_LAG)) {
      // Long and fast enough for C2 to compile the sending and answering paths before the first
      // step counts: with a short slow warm-up the first steps above ~10,000/s failed on the JIT's
      // compiling, not on the generator.
      generator.startWarmUp(2_000, Duration.ofSeconds(5), i -> request, line -> {}).await();
      generator.startWarmUp(10_000, Duration.ofSeconds(10), i -> request, line -> {}).await();
      System.out.printf(
          Locale.ROOT,
          "JVM: %s, %s; warmed up 5 s at 2,000/s and 10 s at 10,000/s, not counted%n",
          System.getProperty("java.vm.name"),
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .map(GarbageCollectorMXBean::getName)
              .collect(java.util.stream.Collectors.joining(" + ")));
      System.out.printf(
          Locale.ROOT,
          "%9s %10s %14s %12s %8s %8s %10s%n",
          "rate/s", "achieved/s", "send lag p99", "p99 latency", "errors", "CPU*", "peak heap");
      double best = 0;
      double low = 0;
      double high = 0;
      // From 5,000/s (below that it always held) up in steps of half again until it fails, then
      // halve the gap until it is within 5%.
      for (double rate = 5_000; ; ) {
        boolean held = step(generator, request, rate, seconds);
        if (held) {
          best = rate;
          low = rate;
        } else {
          high = rate;
        }
        if (high == 0) {
          rate = rate * 1.5;
        } else if (high - low > Math.max(250, low * 0.05)) {
          rate = Math.round((low + high) / 2 / 50) * 50.0;
        } else {
          break;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "(* of one core)%n%nsustained: %,.0f requests/s (achieved within 1%%, send lag p99 under %d ms, no errors)"
              + "; max heap %d MB%n",
          best,
          MAX_SEND_LAG.toMillis(),
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  private static boolean step(
      LoadGenerator generator, LoadRequest request, double rate, int seconds) {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    try {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(rate, Duration.ofSeconds(seconds)),
                  i -> request,
                  response -> Optional.empty(),
                  line -> {})
              .await();
      boolean held = result.failed() == 0;
      System.out.printf(
          Locale.ROOT,
          "%,9.0f %,10.1f %11.2f ms %9.2f ms %8d %7.0f%% %7d MB  %s%n",
          rate,
          result.achievedRate(),
          result.sendLagP99().toNanos() / 1e6,
          result.p99FromPlanned().toNanos() / 1e6,
          result.failed(),
          result.cpuLoad() * 100 * Runtime.getRuntime().availableProcessors(),
          peakHeap() >> 20,
          held ? "held" : "errors: " + result.failures());
      return held;
    } catch (GeneratorFellBehindException e) {
      System.out.printf(Locale.ROOT, "%,9.0f  %s%n", rate, e.getMessage());
      return false;
    }
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static void server(int port, int threads) throws InterruptedException {
    byte[] answer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);
    ByteBuf response = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(answer));
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new Requests(response));
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("listening on http://127.0.0.1:" + port + "/");
    Thread.currentThread().join();
  }

  /** Counts the ends of request heads (CRLF CRLF) across reads and answers each. */
  private static final class Requests extends ChannelInboundHandlerAdapter {
    private static final byte[] END = {'\r', '\n', '\r', '\n'};
    private final ByteBuf response;
    private int matched;

    Requests(ByteBuf response) {
      this.response = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      ByteBuf in = (ByteBuf) message;
      int answers = 0;
      try {
        while (in.isReadable()) {
          byte b = in.readByte();
          matched = b == END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == END.length) {
            answers++;
            matched = 0;
          }
        }
      } finally {
        in.release();
      }
      for (int i = 0; i < answers; i++) {
        context.write(response.duplicate());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
      context.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close(); // a client that went away (wrk at its end resets its connections)
    }
  }
}
