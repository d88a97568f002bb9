package dev.shakedown.fleet.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** The SDK clients of one aws cloud: one set of credentials, one region, one timeout. */
record AwsClients(
    Ec2Client ec2,
    AutoScalingClient autoScaling,
    ElasticLoadBalancingV2Client loadBalancing,
    AutoCloseable credentials)
    implements AutoCloseable {

  static AwsClients of(AwsSettings settings) {
    Region region = Region.of(settings.region());
    // The SDK's default is the legacy retry mode (RetryMode: "used when no other mode is
    // configured"). The adaptive strategy retries throttling (RequestLimitExceeded, Throttling)
    // and 5xx with backoff and, after throttling, slows this client down on its own; what is
    // still refused after it surfaces as an error naming the action.
    ClientOverrideConfiguration overrides =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(settings.requestTimeout())
            .retryStrategy(
                AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                    .maxAttempts(6)
                    // At most 0.25 + 0.5 + 1 + 2 + 4 s of backoff: a burst is ridden out well
                    // within the default requestTimeout, and lasting throttling is named as such.
                    .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(
                            Duration.ofMillis(250), Duration.ofSeconds(4)))
                    .build())
            .build();
    AwsCredentialsProvider credentials = credentials(settings, region);
    var ec2 =
        Ec2Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides);
    var autoScaling =
        AutoScalingClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides);
    var loadBalancing =
        ElasticLoadBalancingV2Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides);
    if (settings.endpoint() != null) {
      ec2.endpointOverride(settings.endpoint());
      autoScaling.endpointOverride(settings.endpoint());
      loadBalancing.endpointOverride(settings.endpoint());
    }
    return new AwsClients(
        ec2.build(),
        autoScaling.build(),
        loadBalancing.build(),
        credentials instanceof AutoCloseable closeable ? closeable : () -> {});
  }

  private static AwsCredentialsProvider credentials(AwsSettings settings, Region region) {
    AwsCredentialsProvider base;
    if (settings.accessKeyId() != null) {
      base =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  settings.accessKeyId().reveal(), settings.secretAccessKey().reveal()));
    } else if (settings.profile() != null) {
      base = ProfileCredentialsProvider.builder().profileName(settings.profile()).build();
    } else {
      base = DefaultCredentialsProvider.builder().build();
    }
    if (settings.roleArn() == null) {
      return base;
    }
    StsClient sts = StsClient.builder().region(region).credentialsProvider(base).build();
    StsAssumeRoleCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(settings.roleArn()).roleSessionName("shakedown"))
            .build();
    return new ClosingProvider(assumed, sts);
  }

  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    loadBalancing.close();
    try {
      credentials.close();
    } catch (Exception ignored) {
      // Releasing the STS client is best effort: the run is over either way.
    }
  }

  /** Assumed-role credentials that close the STS client they refresh with. */
  private record ClosingProvider(StsAssumeRoleCredentialsProvider assumed, StsClient sts)
      implements AwsCredentialsProvider, AutoCloseable {
    @Override
    public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
      return assumed.resolveCredentials();
    }

    @Override
    public void close() {
      assumed.close();
      sts.close();
    }
  }
}
