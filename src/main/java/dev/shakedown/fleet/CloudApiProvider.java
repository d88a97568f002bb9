package dev.shakedown.fleet;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.PluggableBase;
import java.time.Duration;

/**
 * A provider over a cloud's API: its id, its settings record, and how to connect; opening the
 * fleet, refusing an empty selection (except to a sweep, which reaches instances by id) and closing
 * what was connected when that fails are done here, once.
 */
public abstract class CloudApiProvider<S extends Record> extends PluggableBase<S>
    implements FleetProvider {
  /** Makes the fleet over the cloud's API, its clients made from the settings. */
  @FunctionalInterface
  protected interface Connect<S> {
    CloudApiFleet fleet(String cloud, S settings, boolean dryRun, Duration serveTimeout);
  }

  private final Connect<S> connect;

  protected CloudApiProvider(String id, Class<S> settingsType, Connect<S> connect) {
    super(id, settingsType);
    this.connect = connect;
  }

  @Override
  public final Fleet open(Cloud cloud, FleetContext context) {
    CloudApiFleet fleet =
        connect.fleet(
            cloud.name(),
            cloud.providerSettings(settingsType()),
            context.dryRun(),
            cloud.settings().safety().revertTimeout());
    try {
      if (context.mode() != FleetContext.Mode.SWEEP) {
        fleet.checkSelector();
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }
}
