package dev.shakedown.fleet.cloudfoundry;

import dev.shakedown.fleet.CloudApiProvider;

/** {@code provider: cloudfoundry}: the instances of one process of a Cloud Foundry app. */
public final class CloudFoundryProvider extends CloudApiProvider<CloudFoundrySettings> {
  public CloudFoundryProvider() {
    super(
        "cloudfoundry",
        CloudFoundrySettings.class,
        (cloud, settings, dryRun, serveTimeout) ->
            new CloudFoundryFleet(
                cloud, settings, CfApi.connect(cloud, settings), dryRun, serveTimeout));
  }
}
