package dev.shakedown.runner;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.evidence.EvidenceWriter;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.traffic.ProbeTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running scenario can reach: the config, one fleet per cloud, and where evidence goes.
 * Built by the runner for one run; step definitions get it from {@link ActiveRun}.
 */
public final class RunContext {
  private final RunId id;
  private final Path directory;
  private final ShakedownConfig config;
  private final Map<String, Fleet> fleets;
  private final EvidenceWriter evidence;

  RunContext(RunId id, Path directory, ShakedownConfig config, Map<String, Fleet> fleets) {
    this.id = id;
    this.directory = directory;
    this.config = config;
    this.fleets = Map.copyOf(fleets);
    this.evidence = new EvidenceWriter(directory.resolve("evidence"), config.redactor());
  }

  public RunId id() {
    return id;
  }

  public Path directory() {
    return directory;
  }

  public ShakedownConfig config() {
    return config;
  }

  public EvidenceWriter evidence() {
    return evidence;
  }

  public Optional<Fleet> fleet(String cloud) {
    return Optional.ofNullable(fleets.get(cloud));
  }

  /**
   * Where "the deployment is serving" looks: the public endpoint when the config names one;
   * otherwise every cloud's own endpoint; for a cloud without one, each of its instances.
   */
  public List<ProbeTarget> probeTargets() {
    var deployment = config.deployment();
    if (deployment.isPresent()) {
      return List.of(
          new ProbeTarget(
              "deployment", deployment.get().endpoint(), deployment.get().probe(), configFiles()));
    }
    List<ProbeTarget> targets = new ArrayList<>();
    for (Cloud cloud : config.clouds().values()) {
      if (cloud.settings().endpoint() != null) {
        targets.add(
            new ProbeTarget(
                cloud.name(),
                cloud.settings().endpoint(),
                cloud.settings().probe(),
                cloud.location()));
        continue;
      }
      for (Instance instance : fleet(cloud.name()).map(Fleet::instances).orElse(List.of())) {
        targets.add(
            new ProbeTarget(
                instance.qualifiedId(),
                instance.address(),
                cloud.settings().probe(),
                cloud.location()));
      }
    }
    return targets;
  }

  private String configFiles() {
    return String.join(", ", config.files().stream().map(Path::toString).toList());
  }
}
