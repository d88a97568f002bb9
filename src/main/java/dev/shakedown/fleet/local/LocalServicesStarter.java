package dev.shakedown.fleet.local;

import dev.shakedown.config.Redactor;
import dev.shakedown.config.ServiceSettings;
import dev.shakedown.fleet.Services;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.util.Map;

/** The config's services as processes on this machine: {@link LocalServices}. */
public final class LocalServicesStarter implements Services.Starter {
  @Override
  public Services start(
      Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor, Undo undo) {
    return LocalServices.start(services, runDirectory, redactor, undo);
  }
}
