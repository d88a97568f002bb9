package dev.shakedown.backup;

import dev.shakedown.config.Secret;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The one way Shakedown opens an S3 client: for the backup stores and for the history. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * @param region the bucket's region; us-east-1 when not set
   * @param endpoint another endpoint than AWS's (a stand-in), addressed by path; null for AWS's
   * @param accessKeyId null for the SDK's default credential chain
   */
  public static S3Client open(
      String region, URI endpoint, Secret accessKeyId, Secret secretAccessKey) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region == null ? "us-east-1" : region))
            .credentialsProvider(credentials(accessKeyId, secretAccessKey))
            // No checksum on requests unless an API needs one, which S3 stand-ins that predate
            // the 2025 defaults refuse.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(Secret accessKeyId, Secret secretAccessKey) {
    if (accessKeyId == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(accessKeyId.reveal(), secretAccessKey.reveal()));
  }
}
