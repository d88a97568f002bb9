package dev.shakedown.fleet.gcp;

import dev.shakedown.fleet.CloudApiProvider;

/** {@code provider: gcp}: Compute Engine instances, by labels and/or managed instance group. */
public final class GcpProvider extends CloudApiProvider<GcpSettings> {
  public GcpProvider() {
    super(
        "gcp",
        GcpSettings.class,
        (cloud, settings, dryRun, serveTimeout) ->
            new GcpFleet(cloud, settings, GcpClients.of(cloud, settings), dryRun, serveTimeout));
  }
}
