package dev.shakedown.backup;

/** Where in a bucket a dataset's backups are, and what its encryption at rest must use. */
record BucketSettings(String bucket, String prefix, boolean requireCustomerKey) {
  /** The dataset's name is the prefix when none is set. */
  static BucketSettings of(
      String bucket, String prefix, Boolean requireCustomerKey, String dataset) {
    return new BucketSettings(
        bucket, prefix == null ? dataset + "/" : prefix, Boolean.TRUE.equals(requireCustomerKey));
  }
}
