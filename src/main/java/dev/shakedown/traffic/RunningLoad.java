package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.LoadSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A load sent at the deployment as the config's {@code load:} describes it: warmed up first when it
 * asks (not counted), then measured from its first planned send. Closing it stops what is still to
 * be sent and the generator's connections.
 */
public final class RunningLoad implements AutoCloseable {
  private final LoadGenerator generator;
  private final LoadGenerator.LoadRun run;
  private final String description;

  private RunningLoad(LoadGenerator generator, LoadGenerator.LoadRun run, String description) {
    this.generator = generator;
    this.run = run;
    this.description = description;
  }

  /** What the run offers a load: where its lines go, and how a halt reaches it. */
  public record Hooks(
      Consumer<String> progress,
      Consumer<String> event,
      Function<Consumer<String>, Runnable> onHalt) {}

  /**
   * Starts {@code schedule} once the warm-up is done; a halt during the warm-up stops it and is
   * thrown as a {@link HaltedException}.
   *
   * @param description as the evidence names it: {@code 300 requests per second for 20 seconds}
   */
  public static RunningLoad start(
      RequestTemplate template, RateSchedule schedule, String description, Hooks hooks) {
    LoadSettings settings = template.settings();
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
      return new RunningLoad(generator, run, description);
    } catch (RuntimeException | AssertionError e) {
      generator.close();
      throw e;
    }
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
    return run.started();
  }

  /** Stops sending; what was sent is still counted, and the result says why it stopped. */
  public void halt(String reason) {
    run.halt(reason);
  }

  /**
   * Runs {@code action} once the load has ended (now if it has), on the thread that ended it, which
   * may be one of the HTTP client's: to forget a load its owner no longer needs to stop. It must
   * neither block nor close the load.
   */
  public void whenDone(Runnable action) {
    run.whenDone(action);
  }

  /** Waits for the load to end and gives its figures; its connections are closed then. */
  public LoadResult await() {
    LoadResult result = run.await();
    // Done: its connections have nothing more to carry, whoever still holds the load.
    generator.close();
    return result;
  }

  @Override
  public void close() {
    run.cancel();
    generator.close();
  }
}
