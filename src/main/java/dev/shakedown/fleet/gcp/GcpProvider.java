package dev.shakedown.fleet.gcp;

import dev.shakedown.config.Cloud;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetProvider;

/** {@code provider: gcp}: Compute Engine instances, by labels and/or managed instance group. */
public final class GcpProvider implements FleetProvider {
  @Override
  public String id() {
    return "gcp";
  }

  @Override
  public Class<? extends Record> settingsType() {
    return GcpSettings.class;
  }

  @Override
  public Fleet open(Cloud cloud, FleetContext context) {
    GcpSettings settings = cloud.providerSettings(GcpSettings.class);
    GcpFleet fleet =
        new GcpFleet(
            cloud.name(),
            settings,
            GcpClients.of(cloud.name(), settings),
            context.dryRun(),
            cloud.settings().safety().revertTimeout());
    try {
      if (context.mode() != FleetContext.Mode.SWEEP) {
        // A sweep reaches instances by id; an empty selection is a run's mistake, not a sweep's.
        fleet.checkSelector();
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }
}
