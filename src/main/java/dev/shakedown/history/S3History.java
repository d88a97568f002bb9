package dev.shakedown.history;

import dev.shakedown.backup.S3Errors;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A history under a prefix of an S3 bucket, for a pipeline whose workspace is thrown away after
 * each job. A PUT replaces an object whole, so two jobs adding at once each add their own.
 */
public final class S3History extends BucketHistory {
  private final S3Client s3;

  /**
   * @param prefix empty, or ending in {@code /}
   */
  public S3History(S3Client s3, String bucket, String prefix) {
    super("s3", bucket, prefix);
    this.s3 = s3;
  }

  @Override
  protected void put(String name, byte[] bytes) throws IOException {
    call(
        "s3:PutObject",
        () ->
            s3.putObject(
                r -> r.bucket(bucket).key(prefix + name).contentType("application/json"),
                RequestBody.fromBytes(bytes)));
  }

  @Override
  protected List<String> names() throws IOException {
    return call(
        "s3:ListBucket",
        () ->
            s3
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .map(key -> key.substring(prefix.length()))
                .filter(name -> !name.contains("/"))
                .toList());
  }

  @Override
  protected Optional<byte[]> get(String name) throws IOException {
    try {
      return Optional.of(
          call(
              "s3:GetObject",
              () ->
                  s3.getObject(
                          r -> r.bucket(bucket).key(prefix + name), ResponseTransformer.toBytes())
                      .asByteArray()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  /** An SDK failure as an IOException that says what failed and what to do about it. */
  private <T> T call(String action, Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (NoSuchKeyException e) {
      throw e;
    } catch (S3Exception e) {
      // Listing is granted on the bucket; reading and writing on its objects under the prefix.
      String resource =
          "arn:aws:s3:::" + bucket + (action.equals("s3:ListBucket") ? "" : "/" + prefix + "*");
      throw new IOException(S3Errors.explain(action, describe(), resource, e), e);
    } catch (SdkClientException e) {
      throw new IOException(S3Errors.explain(describe(), e), e);
    }
  }
}
