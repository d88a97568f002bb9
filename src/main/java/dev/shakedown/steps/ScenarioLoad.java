package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.traffic.HaltedException;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RunningLoad;
import java.util.Locale;
import java.util.Optional;

/**
 * The load a scenario started, read by the checks that judge it. One per scenario, from the DI
 * container; a kill scheduled into the load runs on the {@link ScenarioTimer}.
 */
public final class ScenarioLoad {
  private final Evidence evidence;
  private final ScenarioTimer timer;
  private volatile RunningLoad load;
  private volatile boolean planned;
  private boolean recorded;

  public ScenarioLoad(Evidence evidence, ScenarioTimer timer) {
    this.evidence = evidence;
    this.timer = timer;
  }

  Optional<RunningLoad> current() {
    return Optional.ofNullable(load);
  }

  void started(RunningLoad load) {
    this.load = load;
  }

  /** In a dry run: a real run would have a load by now, so its checks are planned, not refused. */
  void planned() {
    planned = true;
  }

  /** Refuses, in a real run and a dry run alike, a step that reads a load when none ran. */
  void require() {
    if (load == null && !planned) {
      throw new ShakedownException(
          "no load ran in this scenario; start one with 'When 300 requests per second are sent for 30 seconds'");
    }
  }

  /**
   * Waits for the scenario's load and what was scheduled during it; the first time, records its
   * figures and per-second timeline in the evidence.
   */
  LoadResult result() {
    require();
    RunningLoad started = this.load;
    LoadResult result = started.await();
    record(started, result);
    if (result.halted().isPresent()) {
      timer.stop(); // what was scheduled during the load is not done after a halt
      throw new HaltedException(
          result.halted().get()
              + String.format(
                  Locale.ROOT,
                  "; the load was stopped after %,d of %,d requests: %s",
                  result.sent(),
                  result.planned(),
                  result.summary()));
    }
    timer.requireScheduledBy(result.started().plus(result.elapsed()), "the load");
    return result;
  }

  private synchronized void record(RunningLoad started, LoadResult result) {
    if (recorded) {
      return;
    }
    recorded = true;
    evidence.timeline(
        "load: " + started.description(), Timelines.ofLoad(started.started(), result));
    evidence.measure("load: requests planned", result.planned(), "requests");
    evidence.measure("load: achieved send rate", result.achievedRate(), "requests/s");
    evidence.measure("load: success rate", result.successRate().percent(), "%");
    evidence.measure(
        "load: p99 from the planned send time", result.p99FromPlanned().toNanos() / 1e6, "ms");
    evidence.measure("load: p99 from the actual send", result.p99FromSend().toNanos() / 1e6, "ms");
    evidence.measure("load: send lag p99", result.sendLagP99().toNanos() / 1e6, "ms");
    evidence.measure("load: generator CPU", result.cpuLoad() * 100, "%");
    for (LoadResult.WorkerFigures worker : result.workers()) {
      String named = "load: worker " + (worker.index() + 1) + " of " + worker.of() + ": ";
      evidence.measure(named + "achieved send rate", worker.achievedRate(), "requests/s");
      evidence.measure(
          named + "p99 from the planned send time", worker.p99FromPlanned().toNanos() / 1e6, "ms");
      evidence.measure(named + "send lag p99", worker.sendLagP99().toNanos() / 1e6, "ms");
      evidence.event(result.started().plus(result.elapsed()), "load " + worker.summary());
    }
    evidence.event(result.started().plus(result.elapsed()), "load done: " + result.summary());
  }
}
