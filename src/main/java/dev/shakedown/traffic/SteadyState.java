package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * "The deployment is serving": a short sample of probes whose success rate must reach the
 * configured floor before any fault is injected. A fault injected into a deployment that was
 * already failing proves nothing.
 */
public final class SteadyState {
  private SteadyState() {}

  /**
   * Samples the targets and returns the sample if it holds.
   *
   * @throws TargetUnreachableException when nothing listens at some target (exit 2: wrong config or
   *     the deployment is not up)
   * @throws AssertionError with the measured figures when the success rate is below the floor
   */
  public static ProbeSample verify(List<ProbeTarget> targets) {
    return verify(targets, java.util.Optional::empty);
  }

  /**
   * @param halted why the run halted, if it did meanwhile: the sample stops, and so does the step
   */
  public static ProbeSample verify(
      List<ProbeTarget> targets, java.util.function.Supplier<java.util.Optional<String>> halted) {
    if (targets.isEmpty()) {
      throw new TargetUnreachableException(
          "nothing to probe: no 'deployment.endpoint', no cloud 'endpoint:' and no instances; name an endpoint in the cloud config");
    }
    Duration duration =
        targets.stream()
            .map(t -> t.settings().sample())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Duration interval =
        targets.stream()
            .map(t -> t.settings().interval())
            .min(Comparator.naturalOrder())
            .orElseThrow();
    Percentage floor =
        targets.stream()
            .map(t -> t.settings().steadyState())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    ProbeSample sample = Probes.sample(targets, duration, interval, () -> halted.get().isPresent());
    halted
        .get()
        .ifPresent(
            reason -> {
              throw new HaltedException(reason);
            });
    for (ProbeTarget target : targets) {
      List<ProbeResult> own =
          sample.results().stream().filter(r -> r.target().equals(target.name())).toList();
      if (!own.isEmpty() && own.stream().allMatch(ProbeResult::refused)) {
        throw new TargetUnreachableException(
            "cannot reach "
                + target.name()
                + " at "
                + target.url()
                + " ("
                + own.get(0).outcome()
                + " on all "
                + own.size()
                + " probes); is the deployment running, and is the endpoint at "
                + target.definedAt()
                + " right?");
      }
    }
    if (sample.successRate().compareTo(floor) < 0) {
      throw new AssertionError(
          "the deployment is not serving: "
              + sample.succeeded()
              + " of "
              + sample.total()
              + " probes of "
              + targets.stream().map(t -> t.url().toString()).collect(Collectors.joining(", "))
              + " succeeded in "
              + Durations.format(duration)
              + " ("
              + sample.successRate()
              + ", need "
              + floor
              + "); "
              + sample.describeFailures());
    }
    return sample;
  }

  /**
   * What verifying the steady state and watching would do, for a dry run: {@code would probe
   * http://127.0.0.1:18080/totals for 2 s (need 99% answering 2xx), then watch it every 50 ms ...}.
   */
  public static String plan(List<ProbeTarget> targets) {
    String urls = String.join(", ", targets.stream().map(t -> t.url().toString()).toList());
    if (targets.isEmpty()) {
      return "would probe " + urls;
    }
    var settings = targets.get(0).settings();
    return "would probe "
        + urls
        + " for "
        + dev.shakedown.config.Durations.format(settings.sample())
        + " (need "
        + settings.steadyState()
        + " answering "
        + settings.success().describe()
        + "), then watch it every "
        + dev.shakedown.config.Durations.format(settings.interval())
        + " until the scenario ends";
  }

  /** The figures of a steady-state sample, for the evidence. */
  public static List<dev.shakedown.evidence.Measure> measures(ProbeSample sample) {
    return List.of(
        new dev.shakedown.evidence.Measure(
            "steady-state success rate", sample.successRate().percent(), "%"),
        new dev.shakedown.evidence.Measure("steady-state probes", sample.total(), "requests"),
        new dev.shakedown.evidence.Measure(
            "steady-state p99 latency", sample.latencyPercentile(99).toNanos() / 1e6, "ms"));
  }
}
