package dev.shakedown.traffic;

import dev.shakedown.config.ProbeSettings;
import java.net.URI;

/**
 * Something to probe: the deployment's public endpoint, a cloud's endpoint, or one instance.
 *
 * @param name how messages name it ({@code deployment}, {@code cloud-a}, {@code cloud-a/cloud-a-1})
 * @param definedAt the config location that named it, for "is the endpoint right?" hints
 */
public record ProbeTarget(String name, URI endpoint, ProbeSettings settings, String definedAt) {

  public URI url() {
    return endpoint.resolve(settings.path());
  }
}
