package dev.shakedown.fleet.aws;

import dev.shakedown.config.Cloud;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetProvider;

/** {@code provider: aws}: EC2 instances, by tags and/or Auto Scaling group. */
public final class AwsProvider implements FleetProvider {
  @Override
  public String id() {
    return "aws";
  }

  @Override
  public Class<? extends Record> settingsType() {
    return AwsSettings.class;
  }

  @Override
  public Fleet open(Cloud cloud, FleetContext context) {
    AwsSettings settings = cloud.providerSettings(AwsSettings.class);
    AwsFleet fleet =
        new AwsFleet(
            cloud.name(),
            settings,
            AwsClients.of(settings),
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
