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
    HistorySettings history,
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

  /**
   * Every local port the config names (a link's listen and upstream, a service's ready URL, an
   * endpoint): a process the run starts on a port it picks must not take one of them.
   */
  public java.util.Set<Integer> namedPorts() {
    java.util.Set<Integer> ports = new java.util.TreeSet<>();
    java.util.function.Consumer<java.net.URI> uri =
        u -> {
          if (u != null && u.getPort() > 0) {
            ports.add(u.getPort());
          }
        };
    deployment.ifPresent(
        d -> {
          uri.accept(d.endpoint());
          uri.accept(d.publicEndpoint());
        });
    services.values().forEach(s -> uri.accept(s.ready()));
    clouds.values().forEach(c -> uri.accept(c.settings().endpoint()));
    for (ProxySettings link : links().values()) {
      for (String address : List.of(link.listen(), link.upstream())) {
        String port = address.substring(address.lastIndexOf(':') + 1);
        if (port.matches("\\d{1,5}")) {
          ports.add(Integer.parseInt(port));
        }
      }
    }
    return java.util.Collections.unmodifiableSet(ports);
  }

  /** What the sentences call the load's requests: {@code load.name}, else "requests". */
  public Noun loadNoun() {
    return deployment.map(DeploymentSettings::load).map(LoadSettings::noun).orElse(Noun.REQUEST);
  }

  public Optional<Cloud> cloud(String name) {
    return Optional.ofNullable(clouds.get(name));
  }
}
