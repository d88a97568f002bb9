package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The open-model load generator against real HTTP servers on loopback. */
class LoadGeneratorIT {
  private HttpServer server;
  private ExecutorService threads;

  private URI serve(
      java.util.function.LongUnaryOperator statusForRequest,
      long stallAfterMillis,
      long stallMillis)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    threads = Executors.newFixedThreadPool(256);
    AtomicLong count = new AtomicLong();
    long start = System.nanoTime();
    AtomicLong stallUntil = new AtomicLong(0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            long n = count.incrementAndGet();
            long now = System.nanoTime();
            if (stallMillis > 0
                && stallUntil.get() == 0
                && now - start > stallAfterMillis * 1_000_000) {
              stallUntil.compareAndSet(0, now + stallMillis * 1_000_000);
            }
            long wait = stallUntil.get() - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(
                  wait / 1_000_000, (int) (wait % 1_000_000)); // the whole server stalls once
            }
            exchange.sendResponseHeaders((int) statusForRequest.applyAsLong(n), -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(threads);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/donations");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private static LoadRequest get(URI uri) {
    return new LoadRequest("GET", uri, Map.of(), null);
  }

  @ParameterizedTest(name = "{0} connection(s)")
  @ValueSource(ints = {1, 64})
  void
      should_show_a_one_second_stall_in_the_p99_from_the_planned_time_whatever_the_connection_limit(
          int connections) throws Exception {
    URI uri = serve(n -> 200, 3000, 1000);
    try (LoadGenerator generator =
        LoadGenerator.create(connections, 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(200, Duration.ofSeconds(10)),
                  i -> get(uri),
                  r -> Optional.empty(),
                  line -> {})
              .await();

      assertThat(result.planned()).isEqualTo(2000);
      assertThat(result.succeeded()).isEqualTo(2000);
      assertThat(result.p99FromPlanned())
          .as(result.summary())
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(result.summary())
          .contains("from the planned send time")
          .contains("from the actual send");
      assertThat(result.intervals()).hasSize(10);
    }
  }

  @Test
  void should_count_every_failure_by_kind_and_never_drop_one() throws Exception {
    URI uri = serve(n -> n % 100 == 0 ? 500 : 201, 0, 0);
    try (LoadGenerator generator =
        LoadGenerator.create(16, 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(500, Duration.ofSeconds(4)),
                  i -> get(uri),
                  r -> Optional.of("id"),
                  line -> {})
              .await();

      assertThat(result.succeeded() + result.failed()).isEqualTo(2000);
      assertThat(result.failures()).containsEntry("HTTP 500", 20L);
      assertThat(result.successRate().percent()).isEqualTo(99.0);
      assertThat(result.acceptedIds()).hasSize(1980);
    }
  }

  @Test
  void should_tell_whoever_waits_on_it_that_it_ended_however_it_ended() throws Exception {
    URI uri = serve(n -> 201, 0, 0);
    try (LoadGenerator generator =
        LoadGenerator.create(4, 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
      var ended = new java.util.concurrent.CountDownLatch(2);
      LoadGenerator.LoadRun halted =
          generator.start(
              RateSchedule.constant(10, Duration.ofMinutes(1)),
              i -> get(uri),
              r -> Optional.empty(),
              line -> {});
      halted.whenDone(ended::countDown);
      LoadGenerator.LoadRun finished =
          generator.start(
              RateSchedule.constant(10, Duration.ofSeconds(2)),
              i -> get(uri),
              r -> Optional.empty(),
              line -> {});
      finished.whenDone(ended::countDown);

      assertThat(ended.getCount()).isEqualTo(2);
      finished.await();
      halted.halt("stopped by the test");

      assertThat(ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      var late = new java.util.concurrent.atomic.AtomicBoolean();
      finished.whenDone(() -> late.set(true));
      assertThat(late).isTrue();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void should_stop_and_say_so_when_a_request_cannot_be_made_never_hang() throws Exception {
    URI uri = serve(n -> 200, 0, 0);
    try (LoadGenerator generator =
        LoadGenerator.create(4, 10_000, Duration.ofSeconds(2), Duration.ofSeconds(1))) {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(100, Duration.ofSeconds(2)),
                  i -> {
                    if (i == 50) {
                      throw new IllegalStateException("a template that would not fill");
                    }
                    return get(uri);
                  },
                  r -> Optional.empty(),
                  line -> {})
              .await();

      assertThat(result.halted())
          .hasValue(
              "a request of the load could not be made (IllegalStateException): the load measures"
                  + " nothing");
      assertThat(result.sent()).isBetween(49L, 51L);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void should_count_an_answer_it_cannot_judge_as_a_failure_never_lose_it() throws Exception {
    URI uri = serve(n -> 200, 0, 0);
    try (LoadGenerator generator =
        LoadGenerator.create(4, 10_000, Duration.ofSeconds(2), Duration.ofSeconds(1))) {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(100, Duration.ofSeconds(1)),
                  i -> get(uri),
                  response -> {
                    throw new IllegalArgumentException("an id that would not read");
                  },
                  line -> {})
              .await();

      assertThat(result.sent()).isEqualTo(100);
      assertThat(result.succeeded()).isZero();
      assertThat(result.failures())
          .containsOnly(
              Map.entry("failed: the answer could not be judged (IllegalArgumentException)", 100L));
    }
  }

  @Test
  void should_count_connect_failures_when_nothing_listens() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + port + "/");
    try (LoadGenerator generator =
        LoadGenerator.create(4, 10_000, Duration.ofSeconds(2), Duration.ofSeconds(1))) {
      LoadResult result =
          generator
              .start(
                  RateSchedule.constant(100, Duration.ofSeconds(1)),
                  i -> get(nowhere),
                  r -> Optional.empty(),
                  line -> {})
              .await();

      assertThat(result.succeeded()).isZero();
      assertThat(result.failed()).isEqualTo(100);
      assertThat(result.failures()).containsOnlyKeys("connect failed");
    }
  }

  @Test
  void should_refuse_its_own_result_when_it_cannot_keep_up() throws Exception {
    URI uri = serve(n -> 200, 0, 0);
    try (LoadGenerator generator =
        LoadGenerator.create(64, 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
      // Starved on purpose: building each request takes 2 ms, so at most ~500 a second go out.
      var run =
          generator.start(
              RateSchedule.constant(2_000, Duration.ofSeconds(2)),
              i -> {
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                return get(uri);
              },
              r -> Optional.empty(),
              line -> {});

      assertThatThrownBy(run::await)
          .isInstanceOf(GeneratorFellBehindException.class)
          .hasMessageMatching(
              "the generator fell behind: achieved [\\d,]+/s of 2,000/s, sends late by up to [\\d,]+ ms .*; the result is not valid");
    }
  }

  @Test
  void should_neither_judge_nor_count_a_warm_up() throws Exception {
    AtomicLong served = new AtomicLong();
    URI uri =
        serve(
            n -> {
              served.set(n);
              return n <= 100 ? 500 : 200; // a deployment that fails while cold
            },
            0,
            0);
    try (LoadGenerator generator =
        LoadGenerator.create(64, 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
      // Starved as above: the warm-up falls behind and is not refused for it.
      LoadResult warm =
          generator
              .startWarmUp(
                  1_000,
                  Duration.ofMillis(200),
                  i -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                    return get(uri);
                  },
                  line -> {})
              .await();
      LoadResult measured =
          generator
              .start(
                  RateSchedule.constant(100, Duration.ofSeconds(1)),
                  i -> get(uri),
                  r -> Optional.empty(),
                  line -> {})
              .await();

      assertThat(warm.planned()).isEqualTo(200);
      assertThat(warm.failures()).containsEntry("HTTP 500", 100L);
      assertThat(measured.planned()).isEqualTo(100);
      assertThat(measured.failed()).as(measured.summary()).isZero();
      assertThat(served.get()).isEqualTo(300);
    }
  }

  @Test
  void should_ramp_linearly() {
    RateSchedule ramp = RateSchedule.ramp(100, 300, Duration.ofSeconds(10));

    assertThat(ramp.count()).isEqualTo(2000);
    assertThat(ramp.rateAt(Duration.ofSeconds(5))).isEqualTo(200.0);
    assertThat(ramp.offsetNanos(100)).isBetween(900_000_000L, 1_000_000_000L);
    assertThat(ramp.offsetNanos(1999)).isLessThanOrEqualTo(10_000_000_000L);
  }
}
