package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.poll.Poll;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final HttpClient insecureHttp;
  private final ScheduledExecutorService scheduler;
  private final List<ProbeResult> results = new ArrayList<>();
  // Probes sent and not yet answered, by id: a window counts them, as timed out if they never are.
  private final java.util.Map<Long, Pending> pending =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong probeIds =
      new java.util.concurrent.atomic.AtomicLong();
  private final Instant started = Instant.now();
  private volatile String halted;
  private volatile String broken;

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
    java.util.concurrent.ExecutorService executor =
        Executors.newFixedThreadPool(4, Monitor::daemon);
    this.http = ProbeCall.client(connectTimeout, false, executor);
    // 'insecure' is one target's say: only its probes go through a client that trusts anything.
    this.insecureHttp =
        targets.stream().anyMatch(t -> t.settings().insecure())
            ? ProbeCall.client(connectTimeout, true, executor)
            : http;
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

  /** The run halted for a reason of its own (an interrupt): waits on the monitor end at once. */
  public void halt(String reason) {
    if (halted == null) {
      halted = reason;
    }
  }

  /**
   * Why the monitor stopped probing, if it did: a scenario whose monitor broke has no verdict, and
   * its halt condition is off, so it must fail with the reason.
   */
  public Optional<String> broken() {
    return Optional.ofNullable(broken);
  }

  private void checkBroken() {
    if (broken != null) {
      throw new dev.shakedown.ShakedownException(broken);
    }
  }

  /** Sleeps until {@code until}, waking early to throw if the run halted meanwhile. */
  public void awaitUntil(Instant until) {
    Poll.sleepUntil(
        until,
        Duration.ofMillis(100),
        () -> {
          checkBroken();
          halted()
              .ifPresent(
                  reason -> {
                    throw new HaltedException(reason);
                  });
        });
  }

  /**
   * Waits until {@code to}, then judges the probes from {@code from}: at least {@code floor} of
   * them succeeded, counting the ones planned and never made as failed.
   *
   * @param when the window in words: {@code in the 10 s after killing cloud-a/cloud-a-1}
   */
  public ServingVerdict servingBetween(Instant from, Instant to, Percentage floor, String when) {
    awaitUntil(to);
    return new ServingVerdict(window(from, to), from, floor, when);
  }

  /**
   * The probes planned in {@code [from, to)}, once all of them have answered or timed out: a
   * verdict never leaves out a probe because it was slow.
   */
  public ProbeSample window(Instant from, Instant to) {
    checkBroken();
    // Every probe sent in the window counts: one still in flight is waited for, up to its own
    // timeout (and a little for the client to say so), and is a timeout if it never answers.
    while (true) {
      Instant now = Instant.now();
      boolean waiting =
          pending.values().stream()
              .anyMatch(p -> p.inWindow(from, to) && now.isBefore(p.deadline()));
      if (!waiting) {
        break;
      }
      pause(20);
    }
    ProbeSample.Builder sample = ProbeSample.builder().planned(planned(from, to));
    List<Pending> late;
    // One lock for both: a probe that answers now is in exactly one of them.
    synchronized (results) {
      results.stream()
          .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to))
          .forEach(sample::add);
      late = pending.values().stream().filter(p -> p.inWindow(from, to)).toList();
    }
    for (Pending unanswered : late) {
      sample.add(
          new ProbeResult(
              unanswered.target().name(),
              unanswered.planned(),
              Duration.between(unanswered.planned(), Instant.now()),
              0,
              Optional.of(
                  "no answer within "
                      + Durations.format(unanswered.target().settings().timeout())
                      + " (timed out)"),
              Optional.empty(),
              false));
    }
    return sample.build();
  }

  /**
   * The probes sent in the last {@code span} that have answered, as they stand now: for a live
   * view, never waited for (a verdict uses {@link #window}, which waits for every probe).
   */
  public ProbeSample recent(Duration span) {
    Instant from = Instant.now().minus(span);
    ProbeSample.Builder sample = ProbeSample.builder();
    int answered;
    synchronized (results) {
      List<ProbeResult> recent = results.stream().filter(r -> !r.at().isBefore(from)).toList();
      recent.forEach(sample::add);
      answered = recent.size();
    }
    return sample.planned(answered).build();
  }

  /** How many probes are sent and not answered yet: a blackhole shows here before it fails. */
  public int inFlight() {
    return pending.size();
  }

  /** How many probes the schedule sent, or should have, in {@code [from, to)}. */
  private int planned(Instant from, Instant to) {
    Instant start = from.isBefore(started) ? started : from;
    if (!to.isAfter(start)) {
      return 0;
    }
    long rounds = Duration.between(start, to).toNanos() / interval.toNanos();
    return (int) rounds * targets.size();
  }

  /** A probe sent and not yet answered. */
  private record Pending(ProbeTarget target, Instant planned) {
    boolean inWindow(Instant from, Instant to) {
      return !planned.isBefore(from) && planned.isBefore(to);
    }

    Instant deadline() {
      return planned.plus(target.settings().timeout()).plusMillis(500);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  // A round that throws would end the schedule silently, halt condition and all: it stops the
  // monitor loudly instead.
  private void tick() {
    if (broken != null) {
      return;
    }
    try {
      probeRound();
    } catch (RuntimeException e) {
      broken =
          "the monitor stopped: a probe round failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); no verdict can be read from it, and the halt condition is off";
      onHalt.accept(broken);
    }
  }

  private void probeRound() {
    Instant planned = Instant.now();
    long plannedNanos = System.nanoTime();
    for (ProbeTarget target : targets) {
      long id = probeIds.incrementAndGet();
      pending.put(id, new Pending(target, planned));
      (target.settings().insecure() ? insecureHttp : http)
          .sendAsync(ProbeCall.request(target), ProbeCall.body(target))
          .whenComplete(
              (response, error) -> {
                Duration latency = Duration.ofNanos(System.nanoTime() - plannedNanos);
                ProbeResult result =
                    error == null
                        ? ProbeCall.answered(target, planned, latency, response)
                        : ProbeCall.failed(target, planned, latency, error);
                synchronized (results) {
                  results.add(result);
                  pending.remove(id);
                }
              });
    }
  }

  private void checkHalt() {
    if (halted != null) {
      return;
    }
    List<ProbeResult> answered;
    synchronized (results) {
      answered = List.copyOf(results);
    }
    Optional<String> trips = halt.orElseThrow().trips(answered, started, Instant.now());
    if (trips.isPresent()) {
      halted = trips.get();
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
