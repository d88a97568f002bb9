package dev.shakedown.traffic;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.SuccessSettings;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * An open-model load generator: request {@code i} is sent at its planned time whether or not
 * earlier ones have answered, and its latency counts from that planned time, so a stall of the
 * deployment shows in full instead of being hidden by requests that were never sent (coordinated
 * omission). In flight requests are bounded; one that cannot be sent is a failure, never dropped.
 * It watches itself: if it cannot keep to the schedule, its result is refused as invalid.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final double KEEP_UP = 0.99;
  // Each sender takes every SENDERS-th request of the schedule. Two, so that a sender the OS
  // preempts holds up half the schedule, not all of it; on two cores one and two sent alike, and
  // more only add threads to the CPU the answers need.
  private static final int SENDERS = 2;

  private final LoadClient client;
  private final int maxInFlight;
  private final Duration maxSendLag;
  private final SuccessSettings success;

  private LoadGenerator(
      LoadClient client, int maxInFlight, Duration maxSendLag, SuccessSettings success) {
    this.client = client;
    this.maxInFlight = maxInFlight;
    this.maxSendLag = maxSendLag;
    this.success = success;
  }

  /**
   * @param maxConnections per destination; requests beyond them queue in the client, and their wait
   *     counts in their latency
   * @param maxInFlight requests sent and not yet answered; beyond it a due request is a failure
   * @param maxSendLag how late (p99) the generator may send before its result is not valid
   */
  public static LoadGenerator create(
      int maxConnections, int maxInFlight, Duration timeout, Duration maxSendLag) {
    return create(maxConnections, maxInFlight, timeout, maxSendLag, SuccessSettings.DEFAULT);
  }

  /**
   * @param success what counts as a successful request: a status, and the body where it says so
   */
  public static LoadGenerator create(
      int maxConnections,
      int maxInFlight,
      Duration timeout,
      Duration maxSendLag,
      SuccessSettings success) {
    LoadClient client;
    try {
      client = LoadClient.start(maxConnections, Math.max(1024, maxInFlight), timeout);
    } catch (javax.net.ssl.SSLException e) {
      throw new ShakedownException(
          "cannot start the load generator's HTTP client: " + e.getMessage(), e);
    }
    return new LoadGenerator(client, maxInFlight, maxSendLag, success);
  }

  /** What a response says, for taking the id of an accepted write. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /**
   * Starts sending in the background.
   *
   * @param acceptedId the id of an accepted write in a response, if it has one
   * @param progress told once a second how it goes, one line
   */
  public LoadRun start(
      RateSchedule schedule,
      LongFunction<LoadRequest> requests,
      java.util.function.Function<Response, Optional<String>> acceptedId,
      Consumer<String> progress) {
    LoadRun run = new LoadRun(schedule, requests, acceptedId, progress, true);
    run.begin();
    return run;
  }

  /**
   * Starts sending in the background as {@link #start} does, but gives its figures even when it
   * fell behind: for a worker of a distributed load, which reports how it fell behind ({@link
   * #fellBehind}) for the coordinator to refuse the whole result, naming it.
   */
  public LoadRun startReporting(
      RateSchedule schedule,
      LongFunction<LoadRequest> requests,
      java.util.function.Function<Response, Optional<String>> acceptedId,
      Consumer<String> progress) {
    LoadRun run = new LoadRun(schedule, requests, acceptedId, progress, false);
    run.begin();
    return run;
  }

  /**
   * Sends at {@code rate} for {@code duration}, in the background, judging nothing: the
   * deployment's JIT, caches and connection pools, and the generator's own, warm up on it, as
   * wrk2's uncounted calibration period does. Lateness is not held against it either.
   */
  public LoadRun startWarmUp(
      double rate,
      Duration duration,
      LongFunction<LoadRequest> requests,
      Consumer<String> progress) {
    LoadRun run =
        new LoadRun(
            RateSchedule.constant(rate, duration),
            requests,
            response -> Optional.empty(),
            progress,
            false);
    run.begin();
    return run;
  }

  /**
   * Sends the schedule and waits for every answer, judging nothing: for making data a scenario
   * needs (donations to back up), where the pace does not matter and only what was accepted does.
   */
  public LoadResult unjudged(
      RateSchedule schedule,
      LongFunction<LoadRequest> requests,
      java.util.function.Function<Response, Optional<String>> acceptedId,
      Consumer<String> progress) {
    LoadRun run = new LoadRun(schedule, requests, acceptedId, progress, false);
    run.begin();
    return run.await();
  }

  @Override
  public void close() {
    client.close();
  }

  /** One load, under way or done. */
  public final class LoadRun {
    private final RateSchedule schedule;
    private final LongFunction<LoadRequest> requests;
    private final java.util.function.Function<Response, Optional<String>> acceptedId;
    private final Consumer<String> progress;
    private final boolean judged;
    private final Histogram fromPlanned = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram fromSend = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
    private final Map<Long, long[]> seconds = new TreeMap<>(); // second -> sent, ok, failed
    private final Map<Long, Histogram> secondLatency = new TreeMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private final List<String> ids = new ArrayList<>(); // guarded by this, with acceptedAfter
    private final List<Duration> acceptedAfter = new ArrayList<>();
    // What the answers brought, guarded by this. The senders keep their own counts (Sender), and
    // gather() adds both up into attempts, sent, sendLag, seconds and failures above.
    private final Map<String, Long> answerFailures = new TreeMap<>();
    private final PerSecond okAt = new PerSecond();
    private final PerSecond failedAt = new PerSecond();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger sending = new AtomicInteger();
    private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
    private final Sender[] senders = new Sender[SENDERS];
    private long startNanos;
    private Instant started;
    private long attempts;
    private long sent;
    private long succeeded;
    private long cpuBefore;
    private long cpuNanos;
    private long sendingNanos;
    private boolean sendingDone;
    private volatile boolean cancelled;
    private volatile String halted;

    private LoadRun(
        RateSchedule schedule,
        LongFunction<LoadRequest> requests,
        java.util.function.Function<Response, Optional<String>> acceptedId,
        Consumer<String> progress,
        boolean judged) {
      this.schedule = schedule;
      this.requests = requests;
      this.acceptedId = acceptedId;
      this.progress = progress;
      this.judged = judged;
      for (int lane = 0; lane < SENDERS; lane++) {
        senders[lane] = new Sender(lane);
      }
    }

    public Instant started() {
      return started;
    }

    /**
     * Stops sending (a scenario that ended early); what is in flight still answers or times out.
     */
    public void cancel() {
      cancelled = true;
    }

    /**
     * Stops at once (the run halted): no more is sent, and the result is complete now, marked
     * halted, with what was measured so far; answers still in flight are not waited for.
     */
    public void halt(String reason) {
      halted = reason;
      cancelled = true;
      synchronized (this) {
        if (!result.isDone()) {
          if (!sendingDone) {
            sendingNanos = Math.max(1, System.nanoTime() - startNanos);
          }
          gather();
          result.complete(build());
        }
      }
    }

    private void begin() {
      Thread[] threads = new Thread[SENDERS];
      for (int lane = 0; lane < SENDERS; lane++) {
        Sender sender = senders[lane];
        threads[lane] = new Thread(() -> send(sender), "shakedown-load-sender-" + lane);
        threads[lane].setDaemon(true);
        threads[lane].setPriority(Thread.MAX_PRIORITY);
      }
      sending.set(SENDERS);
      cpuBefore = processCpuNanos();
      started = Instant.now();
      startNanos = System.nanoTime();
      ScheduledExecutorService ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "shakedown-load-progress");
                thread.setDaemon(true);
                return thread;
              });
      ticker.scheduleAtFixedRate(this::tell, 1, 1, TimeUnit.SECONDS);
      result.whenComplete((r, e) -> ticker.shutdownNow());
      for (Thread thread : threads) {
        thread.start();
      }
    }

    /**
     * Runs {@code action} once the load has ended, however it ended (now if it has), on the thread
     * that ended it: it must not block.
     */
    public void whenDone(Runnable action) {
      result.whenComplete((r, e) -> action.run());
    }

    /** Waits for the end of the schedule and for every request to answer or time out. */
    public LoadResult await() {
      return awaitResult(result);
    }

    /**
     * Sends one sender's share of the schedule, each request at its planned time or, when this
     * thread is late, at once with the lateness counted as send lag. The last sender to finish
     * closes the sending.
     */
    private void send(Sender lane) {
      try {
        sendShare(lane);
      } finally {
        finishSending(); // however the share ended: a sender that died must not leave it open
      }
    }

    private void sendShare(Sender lane) {
      long count = schedule.count();
      for (long i = lane.index; i < count && !cancelled; i += senders.length) {
        long due = startNanos + schedule.offsetNanos(i);
        waitUntil(due);
        long now = System.nanoTime();
        long second = (due - startNanos) / 1_000_000_000L;
        if (!enterFlight()) {
          lane.notSent(second, now - due);
          continue;
        }
        LoadRequest request;
        try {
          request = requests.apply(i);
        } catch (RuntimeException e) {
          // The generator's own failure, not the deployment's: the load measures nothing, and
          // says so, rather than count it against the deployment's success rate.
          inFlight.decrementAndGet();
          halt(
              "a request of the load could not be made ("
                  + e.getClass().getSimpleName()
                  + "): the load measures nothing");
          return;
        }
        lane.sent(second, now - due);
        dispatch(request, second, due, now);
      }
    }

    private void finishSending() {
      if (sending.decrementAndGet() == 0) {
        long elapsed = System.nanoTime() - startNanos;
        synchronized (this) {
          this.cpuNanos = processCpuNanos() - cpuBefore;
          if (halted == null) {
            this.sendingNanos = Math.max(elapsed, schedule.duration().toNanos());
          }
          this.sendingDone = true;
        }
        finishIfDone();
      }
    }

    /** One more in flight, unless maxInFlight already are: exact with several senders at once. */
    private boolean enterFlight() {
      while (true) {
        int now = inFlight.get();
        if (now >= maxInFlight) {
          return false;
        }
        if (inFlight.compareAndSet(now, now + 1)) {
          return true;
        }
      }
    }

    private void dispatch(LoadRequest request, long second, long due, long sendNanos) {
      client.send(request, new Outcome(second, due, sendNanos));
    }

    /** What became of one request, recorded as it comes back. */
    private final class Outcome implements LoadClient.Answer {
      private final long second;
      private final long due;
      private final long sendNanos;

      Outcome(long second, long due, long sendNanos) {
        this.second = second;
        this.due = due;
        this.sendNanos = sendNanos;
      }

      @Override
      public void answered(int status, Map<String, String> headers, String body) {
        long end = System.nanoTime();
        try {
          Optional<String> unmet = success.unmet(status, body);
          if (unmet.isEmpty()) {
            Optional<String> id = acceptedId.apply(new Response(status, headers, body));
            succeeded(second, end - due, end - sendNanos);
            id.ifPresent(accepted -> accepted(accepted, end));
          } else {
            LoadRun.this.failed(second, unmet.get());
          }
        } catch (RuntimeException e) {
          // Judging it failed (a rule or an id that would not read): counted, not lost.
          LoadRun.this.failed(
              second,
              "failed: the answer could not be judged (" + e.getClass().getSimpleName() + ")");
        } finally {
          done();
        }
      }

      @Override
      public void failed(Throwable failure) {
        try {
          LoadRun.this.failed(second, kind(failure));
        } finally {
          done();
        }
      }

      // Only once the outcome is recorded: the result is built when nothing is in flight.
      private void done() {
        inFlight.decrementAndGet();
        finishIfDone();
      }
    }

    private synchronized void accepted(String id, long at) {
      ids.add(id);
      acceptedAfter.add(Duration.ofNanos(at - startNanos));
    }

    private synchronized void succeeded(long second, long latencyPlanned, long latencySend) {
      succeeded++;
      okAt.add(second, 1);
      fromPlanned.recordValue(Math.min(HIGHEST_NANOS, latencyPlanned));
      fromSend.recordValue(Math.min(HIGHEST_NANOS, latencySend));
      secondLatency
          .computeIfAbsent(second, s -> new Histogram(HIGHEST_NANOS, 2))
          .recordValue(Math.min(HIGHEST_NANOS, latencyPlanned));
    }

    // A failure's latency (a quick 502, a refused connection) says nothing of how fast the
    // deployment serves: the latency histograms hold successes only.
    private synchronized void failed(long second, String kind) {
      answerFailures.merge(kind, 1L, Long::sum);
      failedAt.add(second, 1);
    }

    /**
     * Adds up what the senders and the answers measured into the fields build() and tell() read:
     * from scratch each time, so it may run any number of times. Under this, then each sender's
     * lock in turn (never the other way round), so a halt mid-run sees each sender whole.
     */
    private void gather() {
      attempts = 0;
      sent = 0;
      long notSent = 0;
      sendLag.reset();
      seconds.clear();
      for (Sender lane : senders) {
        synchronized (lane) {
          attempts += lane.attempts;
          sent += lane.sent;
          notSent += lane.notSent;
          sendLag.add(lane.sendLag);
          lane.sentAt.forEach((second, n) -> bucket(second)[0] += n);
          lane.notSentAt.forEach((second, n) -> bucket(second)[2] += n);
        }
      }
      okAt.forEach((second, n) -> bucket(second)[1] += n);
      failedAt.forEach((second, n) -> bucket(second)[2] += n);
      failures.clear();
      failures.putAll(answerFailures);
      if (notSent > 0) {
        failures.merge(
            "not sent: " + maxInFlight + " requests already in flight", notSent, Long::sum);
      }
    }

    private long[] bucket(long second) {
      return seconds.computeIfAbsent(second, s -> new long[3]);
    }

    private synchronized void finishIfDone() {
      if (sendingDone && inFlight.get() == 0 && !result.isDone()) {
        try {
          gather();
          result.complete(build());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }
    }

    private LoadResult build() {
      double seconds = sendingNanos / 1e9;
      double target = schedule.count() / (schedule.duration().toNanos() / 1e9);
      double achieved = attempts / seconds;
      double cpu = cpuNanos / (sendingNanos * (double) Runtime.getRuntime().availableProcessors());
      List<LoadResult.Interval> intervals = new ArrayList<>();
      this.seconds.forEach(
          (second, counts) -> {
            Histogram latency = secondLatency.get(second);
            intervals.add(
                new LoadResult.Interval(
                    second,
                    schedule.rateAt(Duration.ofSeconds(second)),
                    counts[0],
                    counts[1],
                    counts[2],
                    latency == null ? null : latency.copy()));
          });
      LoadResult load =
          new LoadResult(
              target,
              achieved,
              schedule.count(),
              sent,
              succeeded,
              Map.copyOf(failures),
              fromPlanned.copy(),
              fromSend.copy(),
              sendLag.copy(),
              List.copyOf(intervals),
              List.copyOf(ids),
              List.copyOf(acceptedAfter),
              started,
              Duration.ofNanos(sendingNanos),
              cpu,
              java.util.Optional.ofNullable(halted),
              List.of());
      Optional<String> behind =
          halted == null && judged ? fellBehind(load, maxSendLag) : Optional.empty();
      if (behind.isPresent()) {
        throw new GeneratorFellBehindException(
            "the generator fell behind: " + behind.get() + "; the result is not valid");
      }
      return load;
    }

    private void tell() {
      String line;
      synchronized (this) {
        gather();
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
        long total = succeeded + failures.values().stream().mapToLong(Long::longValue).sum();
        line =
            String.format(
                Locale.ROOT,
                "load %d/%d s  %,.0f/s  %s ok  p99 %d ms  %d in flight",
                elapsed,
                schedule.duration().toSeconds(),
                elapsed == 0 ? 0.0 : attempts / (double) elapsed,
                total == 0
                    ? "-"
                    : dev.shakedown.config.Percentage.ofFraction((double) succeeded / total)
                        .toString(),
                fromPlanned.getValueAtPercentile(99) / 1_000_000,
                inFlight.get());
      }
      progress.accept(line);
    }
  }

  /**
   * Waits for a load's result, one generator's or many workers' merged: what ended it exceptionally
   * (the generator fell behind, the run halted) is thrown as it was.
   */
  public static LoadResult awaitResult(CompletableFuture<LoadResult> result) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShakedownException("interrupted while the load ran", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * How a load fell behind its schedule, if it did: an achieved rate under 99% of the target, or a
   * send lag p99 over {@code maxSendLag}. A generator that cannot keep to its schedule measures
   * itself, not the deployment.
   */
  public static Optional<String> fellBehind(LoadResult load, Duration maxSendLag) {
    if (load.achievedRate() >= load.targetRate() * KEEP_UP
        && load.sendLagP99().compareTo(maxSendLag) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "achieved %,.0f/s of %,.0f/s, sends late by up to %d ms (p99; allowed %d ms) using %.0f%% of %d cores",
            load.achievedRate(),
            load.targetRate(),
            load.sendLagP99().toMillis(),
            maxSendLag.toMillis(),
            load.cpuLoad() * 100,
            Runtime.getRuntime().availableProcessors()));
  }

  /**
   * One sending thread's share of a run's schedule, requests {@code index}, {@code index + n},
   * {@code index + 2n} and so on of n senders, and what it measured. Only its thread writes it,
   * under its own lock, which no answer ever takes: a sender never waits behind the threads that
   * record answers. gather() reads it under the same lock.
   */
  private static final class Sender {
    private final int index;
    private final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
    private final PerSecond sentAt = new PerSecond();
    private final PerSecond notSentAt = new PerSecond();
    private long attempts;
    private long sent;
    private long notSent;

    Sender(int index) {
      this.index = index;
    }

    synchronized void sent(long second, long late) {
      attempts++;
      sendLag.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, late)));
      sent++;
      sentAt.add(second, 1);
    }

    /** Due, but maxInFlight requests were in flight: a failure, never dropped. */
    synchronized void notSent(long second, long late) {
      attempts++;
      sendLag.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, late)));
      notSent++;
      notSentAt.add(second, 1);
    }
  }

  /** Counts by whole second of the schedule, from 0; grows as the seconds go by. */
  private static final class PerSecond {
    private long[] counts = new long[16];

    void add(long second, long n) {
      if (second >= counts.length) {
        counts = java.util.Arrays.copyOf(counts, (int) Math.max(second + 1, counts.length * 2L));
      }
      counts[(int) second] += n;
    }

    /** Each second with a count, in order. */
    void forEach(Counted action) {
      for (int second = 0; second < counts.length; second++) {
        if (counts[second] > 0) {
          action.accept(second, counts[second]);
        }
      }
    }

    interface Counted {
      void accept(long second, long n);
    }
  }

  private static String kind(Throwable failure) {
    if (failure instanceof TimeoutException || failure instanceof java.net.SocketTimeoutException) {
      return "timed out";
    }
    if (failure instanceof ConnectException) {
      return "connect failed";
    }
    if (failure instanceof LoadClient.BodyTooLongException) {
      return "failed: body over " + LoadClient.MAX_BODY / 1024 + " KiB";
    }
    return "failed: " + failure.getClass().getSimpleName();
  }

  /**
   * Parks until {@code due}, never spins. A park wakes some tens of microseconds late, and that is
   * counted in the send lag. Spinning bought those microseconds with a whole core once requests
   * were due less than 100 microseconds apart (above 10,000/s): on two cores that is the core the
   * answers, the JIT and the collector need. Parking instead raised the rate the generator kept to
   * (JVM defaults, against nginx) from about 9,000/s to 20,000/s.
   */
  private static void waitUntil(long due) {
    while (true) {
      long left = due - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(left);
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
