package dev.shakedown.traffic.workers;

import dev.shakedown.config.LoadSettings;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RequestTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One worker of a distributed load, in a process of its own ({@code shakedown load-worker}): warms
 * up on its share, says it is ready, starts at the agreed instant, sends its share of the schedule
 * open-model, and writes its figures ({@link WorkerOutput}). It judges nothing: how it fell behind
 * is reported for the coordinator, which refuses the whole result and names it.
 */
public final class LoadWorker {
  private final WorkerPlan plan;
  private final PrintStream out;
  private final CompletableFuture<Long> start = new CompletableFuture<>();
  private final AtomicReference<LoadGenerator.LoadRun> running = new AtomicReference<>();
  private volatile String halted;

  private LoadWorker(WorkerPlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
  }

  /**
   * @param commands the coordinator's {@code start EPOCH_MILLIS} and {@code halt REASON} lines, its
   *     end taken as a halt (the coordinator is gone); null where none reach the worker (a pod),
   *     whose plan names its start
   * @return the exit code: 0 once its figures are written, 3 when halted before it started
   */
  public static int run(WorkerPlan plan, BufferedReader commands, PrintStream out)
      throws InterruptedException {
    LoadWorker worker = new LoadWorker(plan, out);
    if (commands != null) {
      Thread listener = new Thread(() -> worker.listen(commands), "shakedown-worker-commands");
      listener.setDaemon(true);
      listener.start();
    }
    return worker.run();
  }

  private int run() throws InterruptedException {
    int index = plan.index();
    int workers = plan.workers();
    RateSchedule share = plan.schedule().share(index, workers);
    RequestTemplate template = plan.template();
    LoadSettings settings = template.settings();
    try (LoadGenerator generator =
        LoadGenerator.create(
            settings.connections(),
            settings.maxInFlight(),
            settings.timeout(),
            settings.maxSendLag(),
            settings.success())) {
      warmUp(generator, share, template);
      if (halted != null) {
        out.println("halted before the start: " + halted);
        out.flush();
        return 3;
      }
      out.println(WorkerOutput.READY);
      out.flush();
      long startAt = plan.startAt() != 0 ? plan.startAt() : awaitStart();
      if (halted != null) {
        out.println("halted before the start: " + halted);
        out.flush();
        return 3;
      }
      sleepUntil(startAt);
      // A worker that starts late (a pod scheduled after the agreed instant) would measure its
      // share from its own start: the deployment would see its load late, faults timed from the
      // agreed start would land before it. Later than the lag allowed, its share is refused.
      long late = System.currentTimeMillis() - startAt;
      LoadGenerator.LoadRun run =
          generator.startReporting(
              share,
              j -> template.request(plan.firstSeq() + RateSchedule.inShare(index, workers, j)),
              template::acceptedId,
              line -> out.println(WorkerOutput.PROGRESS + line));
      running.set(run);
      if (halted != null) {
        run.halt(halted);
      }
      LoadResult result = run.await();
      Optional<String> behind =
          result.halted().isPresent()
              ? Optional.empty()
              : late > settings.maxSendLag().toMillis()
                  ? Optional.of(
                      "started "
                          + late
                          + " ms after the agreed instant (allowed "
                          + settings.maxSendLag().toMillis()
                          + " ms, load.maxSendLag)")
                  : LoadGenerator.fellBehind(result, settings.maxSendLag());
      WorkerOutput.write(out, index, result, behind);
      return 0;
    }
  }

  /** At its share of the starting rate, for load.warmUp, and over before the agreed start. */
  private void warmUp(LoadGenerator generator, RateSchedule share, RequestTemplate template) {
    Duration warmUp = Duration.ofMillis(plan.warmUpMillis());
    if (plan.startAt() != 0) {
      Duration left =
          Duration.ofMillis(plan.startAt() - System.currentTimeMillis()).minusMillis(200);
      warmUp = left.compareTo(warmUp) < 0 ? left : warmUp;
    }
    if (warmUp.toMillis() <= 0 || share.from() <= 0) {
      return;
    }
    int index = plan.index();
    int workers = plan.workers();
    LoadGenerator.LoadRun warming =
        generator.startWarmUp(
            share.from(),
            warmUp,
            j -> template.request(RateSchedule.inShare(index, workers, j)),
            line -> out.println(WorkerOutput.PROGRESS + "warm-up " + line));
    // A halt (the coordinator gone) stops the warm-up too: nothing is sent for a run that ended.
    running.set(warming);
    if (halted != null) {
      warming.halt(halted);
    }
    warming.await();
  }

  private long awaitStart() throws InterruptedException {
    try {
      return start.get();
    } catch (ExecutionException e) {
      return 0; // halted first
    }
  }

  private void listen(BufferedReader commands) {
    try {
      String line;
      while ((line = commands.readLine()) != null) {
        if (line.startsWith("start ")) {
          start.complete(Long.parseLong(line.substring("start ".length()).trim()));
        } else if (line.startsWith("halt")) {
          halt(line.length() > 5 ? line.substring(5) : "halted");
        }
      }
    } catch (IOException | NumberFormatException e) {
      // A pipe that breaks is the coordinator gone, as its end is.
    }
    halt("the coordinator is gone (its pipe closed)");
  }

  private void halt(String reason) {
    if (halted == null) {
      halted = reason;
    }
    start.completeExceptionally(new IllegalStateException(reason));
    LoadGenerator.LoadRun run = running.get();
    if (run != null) {
      run.halt(reason);
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left = epochMillis - System.currentTimeMillis();
    if (left > 0) {
      Thread.sleep(left);
    }
  }
}
