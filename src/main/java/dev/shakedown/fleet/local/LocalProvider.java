package dev.shakedown.fleet.local;

import dev.shakedown.config.Cloud;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetProvider;

/** {@code provider: local}: a cloud whose instances are processes on this machine. */
public final class LocalProvider implements FleetProvider {
  @Override
  public String id() {
    return "local";
  }

  @Override
  public Class<? extends Record> settingsType() {
    return LocalSettings.class;
  }

  @Override
  public Fleet open(Cloud cloud, FleetContext context) {
    LocalSettings settings = cloud.providerSettings(LocalSettings.class);
    return switch (context.mode()) {
      case PLAN -> new PlannedLocalFleet(cloud.name(), settings);
      case RUN -> LocalFleet.start(cloud.name(), settings, context);
      case SWEEP ->
          throw new IllegalStateException(
              "a local cloud's instances are its run's processes; a sweep ends those, it opens no local cloud");
    };
  }
}
