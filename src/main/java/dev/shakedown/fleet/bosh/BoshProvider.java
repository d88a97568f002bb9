package dev.shakedown.fleet.bosh;

import dev.shakedown.fleet.CloudApiProvider;

/** {@code provider: bosh}: the instances of a BOSH deployment, through its director. */
public final class BoshProvider extends CloudApiProvider<BoshSettings> {
  public BoshProvider() {
    super(
        "bosh",
        BoshSettings.class,
        (cloud, settings, dryRun, serveTimeout) ->
            new BoshFleet(
                cloud, settings, Director.connect(cloud, settings), dryRun, serveTimeout));
  }
}
