package dev.shakedown.fleet.aws;

import dev.shakedown.fleet.CloudApiProvider;

/** {@code provider: aws}: EC2 instances, by tags and/or Auto Scaling group. */
public final class AwsProvider extends CloudApiProvider<AwsSettings> {
  public AwsProvider() {
    super(
        "aws",
        AwsSettings.class,
        (cloud, settings, dryRun, serveTimeout) ->
            new AwsFleet(cloud, settings, AwsClients.of(settings), dryRun, serveTimeout));
  }
}
