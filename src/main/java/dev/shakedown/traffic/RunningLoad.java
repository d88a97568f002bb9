package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.LoadSettings;
import dev.shakedown.traffic.workers.DistributedLoad;
import dev.shakedown.traffic.workers.WorkerEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A load sent at the deployment as the config's {@code load:} describes it: warmed up first when it
 * asks (not counted), then measured from its first planned send. Closing it stops what is still to
 * be sent and the generator's connections.
 */
public final class RunningLoad implements AutoCloseable {
  private final Sending sending;
  private final String description;

  private RunningLoad(Sending sending, String description) {
    this.sending = sending;
    this.description = description;
  }

  /** The load under way: one generator here, or workers together. */
  private interface Sending {
    Instant started();

    void halt(String reason);

    void whenDone(Runnable action);

    LoadResult await();

    void cancel();
  }

  /** What the run offers a load: where its lines go, and how a halt reaches it. */
  public record Hooks(
      Consumer<String> progress,
      Consumer<String> event,
      Function<Consumer<String>, Runnable> onHalt,
      java.util.function.BiFunction<LoadSettings, Duration, WorkerEngine> engines) {}

  /**
   * Starts {@code schedule} once the warm-up is done; a halt during the warm-up stops it and is
   * thrown as a {@link HaltedException}.
   *
   * @param description as the evidence names it: {@code 300 requests per second for 20 seconds}
   */
  public static RunningLoad start(
      RequestTemplate template, RateSchedule schedule, String description, Hooks hooks) {
    LoadSettings settings = template.settings();
    if (settings.workers() > 1 || !settings.engine().equals(LoadSettings.LOCAL)) {
      return new RunningLoad(distributed(template, schedule, hooks), description);
    }
    LoadGenerator generator =
        LoadGenerator.create(
            settings.connections(),
            settings.maxInFlight(),
            settings.timeout(),
            settings.maxSendLag(),
            settings.success());
    try {
      long warmed = warmUp(generator, schedule, settings.warmUp(), template, hooks);
      LoadGenerator.LoadRun run =
          generator.start(
              schedule, i -> template.request(warmed + i), template::acceptedId, hooks.progress());
      // Ended, however it ended (awaited, halted, refused, or never awaited at all): its client's
      // threads are let go. Not on the thread that ended it, which may be one of the client's own.
      run.whenDone(RunningLoad.closing(generator));
      return new RunningLoad(here(generator, run), description);
    } catch (RuntimeException | AssertionError e) {
      generator.close();
      throw e;
    }
  }

  private static Sending here(LoadGenerator generator, LoadGenerator.LoadRun run) {
    return new Sending() {
      @Override
      public Instant started() {
        return run.started();
      }

      @Override
      public void halt(String reason) {
        run.halt(reason);
      }

      @Override
      public void whenDone(Runnable action) {
        run.whenDone(action);
      }

      @Override
      public LoadResult await() {
        LoadResult result = run.await();
        // Done: its connections have nothing more to carry, whoever still holds the load.
        generator.close();
        return result;
      }

      @Override
      public void cancel() {
        run.cancel();
        generator.close();
      }
    };
  }

  /**
   * {@code load.workers} workers on {@code load.engine}, each warmed up on its share; the requests
   * are numbered as one generator would number them, the measured ones after the warm-up's. A halt
   * while they start and warm up stops them, and is thrown as a {@link HaltedException}.
   */
  private static Sending distributed(RequestTemplate template, RateSchedule schedule, Hooks hooks) {
    LoadSettings settings = template.settings();
    long warmed =
        settings.warmUp().isZero()
            ? 0
            : RateSchedule.constant(schedule.rateAt(Duration.ZERO), settings.warmUp()).count();
    WorkerEngine engine =
        hooks.engines().apply(settings, schedule.duration().plus(settings.warmUp()));
    AtomicReference<String> halted = new AtomicReference<>();
    Runnable forget =
        hooks
            .onHalt()
            .apply(
                reason -> {
                  halted.set(reason);
                  engine.close();
                });
    DistributedLoad load;
    try {
      load =
          DistributedLoad.start(
              engine,
              settings.workers(),
              template.endpoint(),
              template,
              schedule,
              warmed,
              hooks.progress());
    } catch (RuntimeException e) {
      engine.close();
      if (halted.get() != null) {
        throw new HaltedException(
            halted.get() + "; while the load workers started and warmed up (not counted)");
      }
      throw e;
    } finally {
      forget.run();
    }
    if (halted.get() != null) {
      // Halted as the workers were told to start: what they sent is not a load to judge.
      load.close();
      throw new HaltedException(
          halted.get() + "; as the load workers started (nothing of theirs is counted)");
    }
    hooks
        .event()
        .accept(
            settings.workers()
                + " load workers ("
                + settings.engine()
                + ") started together at "
                + load.started()
                + (settings.warmUp().isZero()
                    ? ""
                    : ", each warmed up on its share for "
                        + Durations.format(settings.warmUp())
                        + " (not counted)"));
    return new Sending() {
      @Override
      public Instant started() {
        return load.started();
      }

      @Override
      public void halt(String reason) {
        load.halt(reason);
      }

      @Override
      public void whenDone(Runnable action) {
        load.whenDone(action);
      }

      @Override
      public LoadResult await() {
        return load.await();
      }

      @Override
      public void cancel() {
        load.close();
      }
    };
  }

  /** A daemon thread of its own: a stop that waits for its timeout holds up no one. */
  private static Runnable closing(LoadGenerator generator) {
    return () -> {
      Thread closer = new Thread(generator::close, "shakedown-load-close");
      closer.setDaemon(true);
      closer.start();
    };
  }

  /**
   * @return how many requests the warm-up sent, so that the measured ones number on from there
   */
  private static long warmUp(
      LoadGenerator generator,
      RateSchedule schedule,
      Duration warmUp,
      RequestTemplate template,
      Hooks hooks) {
    if (warmUp.isZero()) {
      return 0;
    }
    LoadGenerator.LoadRun warming =
        generator.startWarmUp(
            schedule.rateAt(Duration.ZERO),
            warmUp,
            template::request,
            line -> hooks.progress().accept("warm-up " + line));
    Runnable forget = hooks.onHalt().apply(warming::halt);
    LoadResult warm;
    try {
      warm = warming.await();
    } finally {
      forget.run();
    }
    hooks
        .event()
        .accept(
            "warm-up for "
                + Durations.format(warmUp)
                + ", not counted (load.warmUp): "
                + warm.summary());
    if (warm.halted().isPresent()) {
      throw new HaltedException(
          warm.halted().get() + "; during the load's warm-up: " + warm.summary());
    }
    return warm.planned();
  }

  public String description() {
    return description;
  }

  public Instant started() {
    return sending.started();
  }

  /** Stops sending; what was sent is still counted, and the result says why it stopped. */
  public void halt(String reason) {
    sending.halt(reason);
  }

  /**
   * Runs {@code action} once the load has ended (now if it has), on the thread that ended it, which
   * may be one of the HTTP client's: to forget a load its owner no longer needs to stop. It must
   * neither block nor close the load.
   */
  public void whenDone(Runnable action) {
    sending.whenDone(action);
  }

  /** Waits for the load to end and gives its figures; its connections are closed then. */
  public LoadResult await() {
    return sending.await();
  }

  @Override
  public void close() {
    sending.cancel();
  }
}
