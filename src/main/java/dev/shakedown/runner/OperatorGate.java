package dev.shakedown.runner;

import dev.shakedown.traffic.HaltedException;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Undo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A game day's go, for every disruption. The built-in steps ask first, with what they will do to
 * the real targets, once their refusals are checked; a step from {@code --glue} that disrupts
 * through the Java API is asked at its first disruption, in the ledger's words for it. Each step is
 * asked once on its own thread; a hook, or a thread of a step's own, is asked for each disruption
 * (a go given to one must not let another go). A disruption a step armed for later (a kill due 10 s
 * into a load) goes on its go, given when it was armed. One question at a time: the operator has
 * one keyboard.
 */
final class OperatorGate implements Undo.Gate {
  /** Where the run stands, as the gate needs it. */
  interface Run {
    /** The running step; empty between steps (in a hook). */
    Optional<UUID> step();

    /** Whether the caller is the thread running the step, rather than a hook or a thread. */
    boolean onStepThread();

    /** The running scenario. */
    Optional<UUID> scenario();

    /** The running step as the feature writes it, with where; or what is running instead. */
    String sentence();

    /** What the run has applied, a line each. */
    List<String> stillApplied();

    /** Why the run halted, once it has. */
    Optional<String> halted();

    static Run of(RunContext context) {
      return new Run() {
        @Override
        public Optional<UUID> step() {
          return ActiveRun.observations().currentStep();
        }

        @Override
        public boolean onStepThread() {
          return ActiveRun.observations().onStepThread();
        }

        @Override
        public Optional<UUID> scenario() {
          return ActiveRun.observations().currentScenario();
        }

        @Override
        public String sentence() {
          return ActiveRun.observations().currentSentence();
        }

        @Override
        public List<String> stillApplied() {
          return context.undo().openDisruptions().stream().map(Handle::description).toList();
        }

        @Override
        public Optional<String> halted() {
          return context.halted();
        }
      };
    }
  }

  private static final ThreadLocal<Boolean> ARMED = ThreadLocal.withInitial(() -> false);

  private final Pacer pacer;
  private final Run run;
  private final java.util.concurrent.locks.ReentrantLock asking =
      new java.util.concurrent.locks.ReentrantLock();
  private UUID wentAhead; // the step that went ahead last, on its own thread; under asking
  private UUID scenario;
  private Instant firstGo;

  OperatorGate(Pacer pacer, Run run) {
    this.pacer = pacer;
    this.run = run;
  }

  /**
   * Asks the operator about the running step, which will do {@code willDo}, unless it went ahead
   * already; returns on go.
   */
  void ask(List<String> willDo) {
    boolean mine = run.onStepThread();
    asking.lock(); // a halt still ends the wait of each in turn: the pacer watches for it
    try {
      Optional<UUID> step = run.step();
      if (mine && step.isPresent() && step.get().equals(wentAhead)) {
        return;
      }
      pacer.beforeDisruption(
          new Pacer.Disruption(run.sentence(), willDo, run.stillApplied(), run::halted));
      if (mine) {
        wentAhead = step.orElse(null);
      }
      wentOn(run.scenario().orElse(null));
    } finally {
      asking.unlock();
    }
    run.halted()
        .ifPresent(
            reason -> {
              throw new HaltedException(reason);
            });
  }

  @Override
  public void before(String disruption) {
    if (!ARMED.get()) {
      ask(List.of("(as the run's ledger records it) " + disruption));
    }
  }

  /** Runs a disruption a step armed after its go, now that it is due: it is not asked again. */
  static void armed(Runnable disruption) {
    ARMED.set(true);
    try {
      disruption.run();
    } finally {
      ARMED.remove();
    }
  }

  /**
   * When the operator first said go in the running scenario: a window "throughout" it starts there,
   * so that the minutes the room took, with nothing applied, do not count as serving.
   */
  synchronized Optional<Instant> firstGo() {
    return scenario != null && run.scenario().filter(scenario::equals).isPresent()
        ? Optional.of(firstGo)
        : Optional.empty();
  }

  /** A go in {@code inScenario}: its first starts the scenario's "throughout". */
  private synchronized void wentOn(UUID inScenario) {
    if (inScenario != null && !inScenario.equals(scenario)) {
      scenario = inScenario;
      firstGo = Instant.now();
    }
  }
}
