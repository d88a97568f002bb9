package dev.shakedown.fleet.local;

import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A local cloud in a dry run: the instances it would start, none started. Anything that would act
 * on them throws, so a step that forgot to plan instead of act fails loudly rather than touching
 * something.
 */
final class PlannedLocalFleet implements Fleet {
  private final String cloud;
  private final List<Instance> instances;

  PlannedLocalFleet(String cloud, LocalSettings settings) {
    this.cloud = cloud;
    this.instances =
        IntStream.rangeClosed(1, settings.replicas())
            .mapToObj(
                index ->
                    new Instance(
                        cloud + "-" + index,
                        cloud,
                        settings.zones().get((index - 1) % settings.zones().size()),
                        URI.create("http://127.0.0.1:0"),
                        InstanceState.RUNNING,
                        settings.labels(),
                        java.util.Map.of("index", Integer.toString(index))))
            .toList();
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public List<Instance> instances() {
    return instances;
  }

  @Override
  public void kill(Instance instance) {
    throw refused();
  }

  @Override
  public void stop(Instance instance) {
    throw refused();
  }

  @Override
  public void start(Instance instance) {
    throw refused();
  }

  @Override
  public void reboot(Instance instance) {
    throw refused();
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return Duration.ZERO;
  }

  @Override
  public void close() {}

  private IllegalStateException refused() {
    return new IllegalStateException(
        "dry run: cloud '" + cloud + "' is only planned; nothing may be touched");
  }
}
