package dev.shakedown.backup;

import dev.shakedown.config.Doc;
import java.net.URI;

@Doc("store 'gcs': backup objects in a Cloud Storage bucket, through the Google Cloud Java client.")
public record GcsStoreSettings(
    @Doc(value = "The bucket.", required = true, example = "donations-backups") String bucket,
    @Doc(
            value = "The object prefix of this dataset's backups; the dataset's name when not set.",
            example = "prod/donations/")
        String prefix,
    @Doc(
            value = "Another endpoint than Google's, as for a test stand-in.",
            example = "http://127.0.0.1:9000")
        URI endpoint,
    @Doc(
            value =
                "Encryption at rest must use a key the customer manages (Cloud KMS), not only the provider's default.",
            example = "true")
        Boolean requireCustomerKey) {

  public GcsStoreSettings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("a gcs store needs bucket");
    }
  }
}
