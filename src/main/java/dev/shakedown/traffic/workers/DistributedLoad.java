package dev.shakedown.traffic.workers;

import dev.shakedown.ShakedownException;
import dev.shakedown.traffic.GeneratorFellBehindException;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RequestTemplate;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One load sent by several workers together, as {@code load.workers} asks: the schedule shared out
 * so that the shares together are exactly the one schedule, every worker started at one agreed
 * instant, and their figures merged exactly into one result ({@link LoadMerge}). A worker that fell
 * behind, or ended without its figures, makes the whole result invalid, and is named.
 */
public final class DistributedLoad {
  private final WorkerEngine engine;
  private final RateSchedule schedule;
  private final Duration maxSendLag;
  private final List<WorkerEngine.Worker> workers;
  private final List<Output> outputs = new ArrayList<>();
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
  private final Instant started;
  private volatile String halted;

  private DistributedLoad(
      WorkerEngine engine,
      RateSchedule schedule,
      Duration maxSendLag,
      List<WorkerEngine.Worker> workers,
      Instant started) {
    this.engine = engine;
    this.schedule = schedule;
    this.maxSendLag = maxSendLag;
    this.workers = workers;
    this.started = started;
  }

  /**
   * Starts {@code count} workers on {@code engine}, waits until each has warmed up and is ready
   * (where the engine lets it say so), and starts them all at one instant.
   *
   * @param firstSeq the number of the first measured request, after the warm-up's
   * @param progress where the workers' progress lines go, each named
   */
  public static DistributedLoad start(
      WorkerEngine engine,
      int count,
      URI endpoint,
      RequestTemplate template,
      RateSchedule schedule,
      long firstSeq,
      Consumer<String> progress) {
    long startAt =
        engine.commandable() ? 0 : System.currentTimeMillis() + engine.startAllowance().toMillis();
    List<WorkerPlan> plans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plans.add(
          WorkerPlan.of(i, count, endpoint, template.settings(), schedule, firstSeq, startAt));
    }
    List<WorkerEngine.Worker> workers = engine.start(plans);
    CountDownLatch ready = new CountDownLatch(workers.size());
    List<Output> outputs = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      outputs.add(new Output(i, workers.get(i), ready, progress));
    }
    try {
      Instant agreed;
      if (engine.commandable()) {
        Duration patience =
            engine.startAllowance().plus(template.settings().warmUp()).plusSeconds(5);
        ready.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        requireReady(outputs, "each has " + patience.toSeconds() + " s to start and warm up");
        // A moment for every start line to arrive before the instant it names.
        long at = System.currentTimeMillis() + 300;
        for (WorkerEngine.Worker worker : workers) {
          if (!worker.send("start " + at)) {
            throw new ShakedownException(
                "load worker " + worker.where() + " could not be told to start: it has ended");
          }
        }
        agreed = Instant.ofEpochMilli(at);
      } else {
        // Each has warmed up and said so by the start its plan names, or the load is not sent:
        // faults injected now would hit no load.
        long margin = 2_000;
        Thread.sleep(Math.max(0, startAt + margin - System.currentTimeMillis()));
        requireReady(outputs, "each was to be running by the agreed start");
        agreed = Instant.ofEpochMilli(startAt);
      }
      DistributedLoad load =
          new DistributedLoad(engine, schedule, template.settings().maxSendLag(), workers, agreed);
      load.outputs.addAll(outputs);
      load.collect();
      return load;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      engine.close();
      throw new ShakedownException("interrupted while the load workers started", e);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private static void requireReady(List<Output> outputs, String allowance) {
    List<String> late = new ArrayList<>();
    for (Output output : outputs) {
      if (!output.ready && !output.worker.started()) {
        late.add(output.named() + " " + output.worker.ended() + output.failure());
      }
    }
    if (!late.isEmpty()) {
      throw new ShakedownException(
          "load workers not ready (" + allowance + "): " + String.join("; ", late));
    }
  }

  /** Where each worker runs, in order: {@code pid 4242}, {@code pod shakedown-load-x-0}. */
  public List<String> where() {
    return workers.stream().map(WorkerEngine.Worker::where).toList();
  }

  /** The agreed instant at which every worker started. */
  public Instant started() {
    return started;
  }

  private void collect() {
    CompletableFuture<?>[] ends =
        outputs.stream().map(o -> o.end).toArray(CompletableFuture<?>[]::new);
    CompletableFuture.allOf(ends).whenComplete((r, e) -> finish());
  }

  private void finish() {
    try {
      List<WorkerReport> reports = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (Output output : outputs) {
        Optional<WorkerReport> report = output.report();
        if (report.isPresent()) {
          reports.add(report.get());
        } else {
          missing.add(output.named() + " " + output.worker.ended() + output.failure());
        }
      }
      List<String> where = workers.stream().map(WorkerEngine.Worker::where).toList();
      if (!missing.isEmpty() && halted == null) {
        throw new ShakedownException(
            "the load is not valid: " + String.join("; ", missing) + ", without its figures");
      }
      LoadResult merged =
          LoadMerge.merge(
              schedule,
              started,
              reports,
              where,
              engine.sharesThisMachine(),
              Optional.ofNullable(halted)
                  .or(() -> reports.stream().flatMap(r -> r.halted().stream()).findFirst()));
      if (merged.halted().isEmpty()) {
        refuseIfBehind(merged);
      }
      result.complete(merged);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    } finally {
      engine.close();
    }
  }

  private void refuseIfBehind(LoadResult merged) {
    List<String> behind = new ArrayList<>();
    for (LoadResult.WorkerFigures worker : merged.workers()) {
      worker
          .behind()
          .ifPresent(
              b ->
                  behind.add(
                      "worker "
                          + (worker.index() + 1)
                          + " of "
                          + worker.of()
                          + " ("
                          + worker.where()
                          + ") fell behind: "
                          + b));
    }
    LoadGenerator.fellBehind(merged, maxSendLag)
        .ifPresent(b -> behind.add("the workers together fell behind: " + b));
    if (!behind.isEmpty()) {
      throw new GeneratorFellBehindException(
          String.join("; ", behind) + "; the merged result is not valid");
    }
  }

  /** Stops every worker at once; what they measured so far is the result, marked halted. */
  public void halt(String reason) {
    halted = reason;
    boolean told = true;
    for (WorkerEngine.Worker worker : workers) {
      told &= worker.send("halt " + reason);
    }
    if (!told) {
      engine.close();
    }
    // A worker that does not answer a halt within a few seconds is stopped: the halt is now.
    CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(engine::close);
  }

  public void whenDone(Runnable action) {
    result.whenComplete((r, e) -> action.run());
  }

  public LoadResult await() {
    return LoadGenerator.awaitResult(result);
  }

  /** Stops the workers; the load is over. */
  public void close() {
    engine.close();
  }

  /** Reads one worker's output on a thread of its own, as it comes. */
  private static final class Output {
    private final int index;
    private final WorkerEngine.Worker worker;
    private final CountDownLatch allReady;
    private final Consumer<String> progress;
    private final List<String> hdr = new ArrayList<>();
    private final CompletableFuture<Void> end = new CompletableFuture<>();
    private volatile boolean ready;
    private volatile String failure;
    private String report;
    private boolean done;

    Output(
        int index, WorkerEngine.Worker worker, CountDownLatch allReady, Consumer<String> progress) {
      this.index = index;
      this.worker = worker;
      this.allReady = allReady;
      this.progress = progress;
      Thread reader = new Thread(this::read, "shakedown-worker-" + index + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    String named() {
      return "worker " + (index + 1);
    }

    private void read() {
      try {
        java.io.BufferedReader output = worker.output();
        String line;
        while ((line = output.readLine()) != null) {
          if (line.equals(WorkerOutput.READY)) {
            ready = true;
            allReady.countDown();
          } else if (line.startsWith(WorkerOutput.PROGRESS)) {
            progress.accept(named() + ": " + line.substring(WorkerOutput.PROGRESS.length()));
          } else if (line.startsWith(WorkerOutput.HDR)) {
            synchronized (this) {
              hdr.add(line.substring(WorkerOutput.HDR.length()));
            }
          } else if (line.startsWith(WorkerOutput.REPORT)) {
            synchronized (this) {
              report = line.substring(WorkerOutput.REPORT.length());
            }
          } else if (line.equals(WorkerOutput.DONE)) {
            synchronized (this) {
              done = true;
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Its output broke off, or could not be reached: judged as a worker without its figures,
        // saying why.
        failure =
            e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
      } finally {
        if (!ready) {
          allReady.countDown(); // ended before it was ready: no use waiting for it
        }
        end.complete(null);
      }
    }

    /** Why its output could not be read, if it could not: {@code ; its output: ...}. */
    String failure() {
      return failure == null ? "" : "; its output: " + failure;
    }

    private static String firstLine(String message) {
      int end = message.indexOf('\n');
      return end < 0 ? message : message.substring(0, end);
    }

    synchronized Optional<WorkerReport> report() {
      if (!done || report == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(WorkerReport.read(index, hdr, report));
      } catch (IllegalArgumentException e) {
        throw new ShakedownException("the load is not valid: " + e.getMessage());
      }
    }
  }
}
