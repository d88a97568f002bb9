package dev.shakedown.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** A real HTTP server on loopback whose status the test chooses, counting what it was asked. */
public final class TestEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile IntSupplier status;
  private final String servedBy;

  private TestEndpoint(IntSupplier status) {
    this(status, "test");
  }

  private TestEndpoint(IntSupplier status, String servedBy) {
    this.status = status;
    this.servedBy = servedBy;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getResponseHeaders().set("X-Served-By", this.servedBy);
          exchange.sendResponseHeaders(this.status.getAsInt(), -1);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public static TestEndpoint answering(int status) {
    return new TestEndpoint(() -> status);
  }

  /** Answers 200, saying that {@code cloud} served it (as the demo's router does). */
  public static TestEndpoint servedBy(String cloud) {
    return new TestEndpoint(() -> 200, cloud);
  }

  /** Answers 201, but 500 to every {@code n}th request: a failure rate of exactly 1/n. */
  public static TestEndpoint failingEvery(int n) {
    java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    return new TestEndpoint(() -> count.incrementAndGet() % n == 0 ? 500 : 201);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
