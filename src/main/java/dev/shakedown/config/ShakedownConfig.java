package dev.shakedown.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every cloud of a run, merged from the {@code --clouds} files, with the redactor of their secrets.
 */
public record ShakedownConfig(
    List<Path> files,
    Optional<DeploymentSettings> deployment,
    Map<String, Cloud> clouds,
    Map<String, ServiceSettings> services,
    Redactor redactor) {

  public Optional<Cloud> cloud(String name) {
    return Optional.ofNullable(clouds.get(name));
  }
}
