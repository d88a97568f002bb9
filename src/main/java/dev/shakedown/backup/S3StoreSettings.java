package dev.shakedown.backup;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;
import java.net.URI;

@Doc("store 's3': backup objects in an S3 bucket, through AWS SDK v2.")
public record S3StoreSettings(
    @Doc(value = "The bucket.", required = true, example = "donations-backups") String bucket,
    @Doc(
            value = "The key prefix of this dataset's backups; the dataset's name when not set.",
            example = "prod/donations/")
        String prefix,
    @Doc(value = "The bucket's region.", example = "eu-west-2") String region,
    @Doc(
            value = "Another endpoint than AWS's, as for a test stand-in.",
            example = "http://127.0.0.1:9000")
        URI endpoint,
    @Doc(
            value = "The access key id; without it, the SDK's default credential chain.",
            example = "${AWS_ACCESS_KEY_ID}")
        Secret accessKeyId,
    @Doc(
            value = "The secret access key that goes with accessKeyId.",
            example = "${AWS_SECRET_ACCESS_KEY}")
        Secret secretAccessKey,
    @Doc(
            value =
                "Encryption at rest must use a key the customer manages (KMS), not only the provider's default.",
            example = "true")
        Boolean requireCustomerKey) {

  public S3StoreSettings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an s3 store needs bucket");
    }
  }
}
