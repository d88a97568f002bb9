package dev.shakedown.testing;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.CloudSettings;
import dev.shakedown.config.ProbeSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetProvider;
import java.nio.file.Path;

/** A provider's fleet opened straight from its settings record, as a run would open it. */
public final class TestFleets {
  private TestFleets() {}

  /**
   * @param cloud the cloud's name; its config file is said to be {@code <provider>.yaml}, line 1
   */
  public static Fleet open(
      FleetProvider provider, String cloud, Record settings, Path logs, boolean dryRun) {
    Cloud config =
        new Cloud(
            cloud,
            new CloudSettings(
                provider.id(), null, ProbeSettings.DEFAULTS, null, null, null, null, settings),
            provider.id() + ".yaml",
            1);
    return provider.open(config, new FleetContext(logs, new Redactor(), dryRun));
  }
}
