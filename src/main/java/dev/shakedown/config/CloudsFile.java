package dev.shakedown.config;

import java.util.Map;

/** The root of one file under {@code config/clouds/}. */
@Doc(
    "A Shakedown cloud config: the clouds of one deployment, how to reach them and what a run may do to them.")
public record CloudsFile(
    @Doc(
            "The deployment's public endpoint, in front of every cloud. At most one file of a run sets it.")
        DeploymentSettings deployment,
    @Doc(
            value =
                "The clouds, by name. Steps name clouds by these names; they must be unique across every --clouds file.",
            required = true,
            example = "{ cloud-a: { provider: local } }")
        Map<String, CloudSettings> clouds,
    @Doc(
            "Processes Shakedown starts on this machine before the clouds and stops after them, by name: the demo's router and stores, or local stand-ins.")
        Map<String, ServiceSettings> services,
    @Doc(
            "Where every run adds its summary: history/ under --reports by default, or a bucket. At most one file of a run sets it.")
        HistorySettings history) {

  public CloudsFile {
    services = services == null ? Map.of() : services;
    if (clouds != null && clouds.isEmpty()) {
      throw new IllegalArgumentException("clouds is empty; name at least one cloud under it");
    }
  }
}
