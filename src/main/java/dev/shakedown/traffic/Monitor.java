package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The background monitor: probes every target on a fixed schedule for the whole scenario and keeps
 * every outcome. Probes are sent on schedule whether or not earlier ones answered, and a probe's
 * latency runs from its planned time, so a stall shows as the latency it caused instead of as fewer
 * probes. Timeouts and refused connections are failures, never dropped.
 */
public final class Monitor implements AutoCloseable {
  private final List<ProbeTarget> targets;
  private final Duration interval;
  private final Optional<HaltCondition> halt;
  private final Consumer<String> onHalt;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final List<ProbeResult> results = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Instant started = Instant.now();
  private volatile String halted;

  private Monitor(
      List<ProbeTarget> targets,
      Duration interval,
      Optional<HaltCondition> halt,
      Consumer<String> onHalt) {
    this.targets = List.copyOf(targets);
    this.interval = interval;
    this.halt = halt;
    this.onHalt = onHalt;
    Duration connectTimeout =
        targets.stream()
            .map(t -> t.settings().timeout())
            .max(Comparator.naturalOrder())
            .orElse(Duration.ofSeconds(2));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .executor(Executors.newFixedThreadPool(4, Monitor::daemon));
    if (targets.stream().anyMatch(t -> t.settings().insecure())) {
      builder.sslContext(TrustingTls.context());
    }
    this.http = builder.build();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(Monitor::daemon);
  }

  /**
   * Starts probing every target once per {@code interval}.
   *
   * @param onHalt told once, with the reason, when the halt condition trips
   */
  public static Monitor start(
      List<ProbeTarget> targets,
      Duration interval,
      Optional<HaltCondition> halt,
      Consumer<String> onHalt) {
    Monitor monitor = new Monitor(targets, interval, halt, onHalt);
    monitor.scheduler.scheduleAtFixedRate(
        monitor::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    if (halt.isPresent()) {
      monitor.scheduler.scheduleWithFixedDelay(monitor::checkHalt, 250, 250, TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  public Instant started() {
    return started;
  }

  public Optional<String> halted() {
    return Optional.ofNullable(halted);
  }

  /** Sleeps until {@code until}, waking early to throw if the run halted meanwhile. */
  public void awaitUntil(Instant until) {
    while (Instant.now().isBefore(until)) {
      halted()
          .ifPresent(
              reason -> {
                throw new HaltedException(reason);
              });
      long left = Duration.between(Instant.now(), until).toMillis();
      pause(Math.max(1, Math.min(100, left)));
    }
    halted()
        .ifPresent(
            reason -> {
              throw new HaltedException(reason);
            });
  }

  /**
   * The probes planned in {@code [from, to)}, once all of them have answered or timed out: a
   * verdict never leaves out a probe because it was slow.
   */
  public ProbeSample window(Instant from, Instant to) {
    Duration longest =
        targets.stream()
            .map(t -> t.settings().timeout())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Instant deadline = Instant.now().plus(longest).plusSeconds(1);
    while (pendingBefore(to) && Instant.now().isBefore(deadline)) {
      pause(20);
    }
    ProbeSample.Builder sample = ProbeSample.builder();
    synchronized (results) {
      results.stream()
          .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to))
          .sorted(Comparator.comparing(ProbeResult::at))
          .forEach(sample::add);
    }
    return sample.build();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private boolean pendingBefore(Instant to) {
    return inFlight.get() > 0 && Instant.now().minus(interval).isBefore(to.plusMillis(50));
  }

  private void tick() {
    Instant planned = Instant.now();
    long plannedNanos = System.nanoTime();
    for (ProbeTarget target : targets) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.url()).timeout(target.settings().timeout()).GET();
      target.settings().headers().forEach((name, value) -> request.header(name, value.reveal()));
      inFlight.incrementAndGet();
      http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                Duration latency = Duration.ofNanos(System.nanoTime() - plannedNanos);
                ProbeResult result =
                    error == null
                        ? new ProbeResult(
                            target.name(),
                            planned,
                            latency,
                            response.statusCode(),
                            Optional.empty(),
                            response.headers().firstValue("X-Served-By"),
                            false)
                        : failure(target, planned, latency, error);
                synchronized (results) {
                  results.add(result);
                }
                inFlight.decrementAndGet();
              });
    }
  }

  private static ProbeResult failure(
      ProbeTarget target, Instant planned, Duration latency, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String what;
    boolean refused = false;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "connect timed out";
    } else if (cause instanceof HttpTimeoutException) {
      what = "timed out after " + Durations.format(target.settings().timeout());
    } else if (cause instanceof ConnectException) {
      what = "connection refused";
      refused = true;
    } else if (cause instanceof IOException) {
      what =
          "connection failed ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")";
    } else {
      what = cause.toString();
    }
    return new ProbeResult(
        target.name(), planned, latency, 0, Optional.of(what), Optional.empty(), refused);
  }

  private void checkHalt() {
    if (halted != null) {
      return;
    }
    HaltCondition condition = halt.orElseThrow();
    Instant now = Instant.now();
    // Only a window the monitor fully watched counts, and only probes that have answered: a probe
    // still waiting is neither a success nor yet a failure.
    Instant from = now.minus(condition.after());
    if (from.isBefore(started)) {
      return;
    }
    List<ProbeResult> recent;
    synchronized (results) {
      recent = results.stream().filter(r -> !r.at().isBefore(from)).toList();
    }
    if (recent.size() < 3) {
      return;
    }
    long ok = recent.stream().filter(ProbeResult::ok).count();
    double percent = 100.0 * ok / recent.size();
    if (percent < condition.below().percent()) {
      halted =
          "halted: the deployment's success rate was "
              + new dev.shakedown.config.Percentage(percent)
              + " ("
              + ok
              + " of "
              + recent.size()
              + " probes) over "
              + Durations.format(condition.after())
              + ", under the halt floor "
              + condition.below()
              + " (safety.haltBelow); the run stops and every fault is reverted";
      onHalt.accept(halted);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while watching the deployment", e);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "shakedown-monitor");
    thread.setDaemon(true);
    return thread;
  }
}
