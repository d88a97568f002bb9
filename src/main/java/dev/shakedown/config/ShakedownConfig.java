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

  /**
   * Every link network faults can go into, by the name steps use: {@code <cloud>/<link>}, as in
   * {@code cloud-a/store}, in config order.
   */
  public Map<String, ProxySettings> links() {
    Map<String, ProxySettings> links = new java.util.LinkedHashMap<>();
    clouds
        .values()
        .forEach(
            cloud ->
                cloud
                    .settings()
                    .proxies()
                    .forEach((name, proxy) -> links.put(cloud.name() + "/" + name, proxy)));
    return java.util.Collections.unmodifiableMap(links);
  }

  public Optional<Cloud> cloud(String name) {
    return Optional.ofNullable(clouds.get(name));
  }
}
