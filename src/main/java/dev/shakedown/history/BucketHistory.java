package dev.shakedown.history;

/** A history under a prefix of a bucket, named as its cloud's tools name it: {@code s3://b/p/}. */
abstract class BucketHistory extends SummaryObjects {
  protected final String bucket;
  protected final String prefix;
  private final String scheme;

  /**
   * @param scheme {@code s3} or {@code gs}
   * @param prefix empty, or ending in {@code /}
   */
  BucketHistory(String scheme, String bucket, String prefix) {
    this.scheme = scheme;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public final String describe() {
    return scheme + "://" + bucket + "/" + prefix;
  }

  @Override
  protected final String where(String name) {
    return describe() + name;
  }
}
