package dev.shakedown.backup;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;

/**
 * Backups as objects under a prefix of an S3 bucket, through AWS SDK v2. Encryption at rest is the
 * bucket's default encryption; public access is what S3 itself says: the bucket's Block Public
 * Access settings, its policy status, and its ACL grants to everyone.
 */
public final class S3BackupStore implements BackupStore {
  private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  private static final String AUTHENTICATED_USERS =
      "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final boolean requireCustomerKey;

  private S3BackupStore(S3Client s3, BucketSettings place) {
    this.s3 = s3;
    this.bucket = place.bucket();
    this.prefix = place.prefix();
    this.requireCustomerKey = place.requireCustomerKey();
  }

  /** {@code store: s3}. */
  public static final class Provider extends StoreProvider<S3StoreSettings> {
    public Provider() {
      super(
          "s3",
          S3StoreSettings.class,
          (dataset, settings, runDirectory) -> S3BackupStore.open(dataset, settings));
    }
  }

  static S3BackupStore open(String dataset, S3StoreSettings settings) {
    if (settings.accessKeyId() != null && settings.secretAccessKey() == null) {
      throw new BackupException(
          "accessKeyId is set for s3://"
              + settings.bucket()
              + " and secretAccessKey is not; set both, or neither for the default credential chain");
    }
    return new S3BackupStore(
        S3Clients.open(
            settings.region(),
            settings.endpoint(),
            settings.accessKeyId(),
            settings.secretAccessKey()),
        BucketSettings.of(
            settings.bucket(), settings.prefix(), settings.requireCustomerKey(), dataset));
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public List<Backup> list() {
    List<Backup> backups = new ArrayList<>();
    call(
        "s3:ListBucket",
        () -> {
          for (S3Object object :
              s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            backups.add(
                new Backup(
                    object.key(),
                    BackupTimes.fromName(object.key()).orElse(object.lastModified()),
                    object.size()));
          }
          return null;
        });
    backups.sort(Comparator.comparing(Backup::takenAt).thenComparing(Backup::name));
    return backups;
  }

  @Override
  public Fact encryptionAtRest() {
    try {
      List<ServerSideEncryptionByDefault> rules =
          s3
              .getBucketEncryption(r -> r.bucket(bucket))
              .serverSideEncryptionConfiguration()
              .rules()
              .stream()
              .map(rule -> rule.applyServerSideEncryptionByDefault())
              .filter(java.util.Objects::nonNull)
              .toList();
      if (rules.isEmpty()) {
        return new Fact(false, "s3://" + bucket + " has no default encryption rule");
      }
      ServerSideEncryptionByDefault rule = rules.get(0);
      String algorithm = rule.sseAlgorithmAsString();
      boolean customerKey = algorithm.startsWith("aws:kms");
      String detail =
          "s3://"
              + bucket
              + " encrypts by default with "
              + algorithm
              + (rule.kmsMasterKeyID() == null ? "" : " (key " + rule.kmsMasterKeyID() + ")");
      if (requireCustomerKey && !customerKey) {
        return new Fact(false, detail + ", not a KMS key as requireCustomerKey asks");
      }
      return new Fact(true, detail);
    } catch (S3Exception e) {
      if ("ServerSideEncryptionConfigurationNotFoundError".equals(code(e))) {
        return new Fact(false, "s3://" + bucket + " has no default encryption configured");
      }
      throw failure("s3:GetEncryptionConfiguration", e);
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
  }

  @Override
  public Fact publicAccess() {
    try {
      PublicAccessBlockConfiguration block =
          s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
      if (Boolean.TRUE.equals(block.blockPublicAcls())
          && Boolean.TRUE.equals(block.ignorePublicAcls())
          && Boolean.TRUE.equals(block.blockPublicPolicy())
          && Boolean.TRUE.equals(block.restrictPublicBuckets())) {
        return new Fact(false, "s3://" + bucket + " blocks all public access");
      }
    } catch (S3Exception e) {
      if (!"NoSuchPublicAccessBlockConfiguration".equals(code(e))) {
        throw failure("s3:GetBucketPublicAccessBlock", e);
      }
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
    try {
      if (Boolean.TRUE.equals(
          s3.getBucketPolicyStatus(r -> r.bucket(bucket)).policyStatus().isPublic())) {
        return new Fact(true, "the bucket policy of s3://" + bucket + " makes it public");
      }
    } catch (S3Exception e) {
      if (!"NoSuchBucketPolicy".equals(code(e))) {
        throw failure("s3:GetBucketPolicyStatus", e);
      }
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
    GetBucketAclResponse acl =
        call("s3:GetBucketAcl", () -> s3.getBucketAcl(r -> r.bucket(bucket)));
    for (Grant grant : acl.grants()) {
      String uri = grant.grantee() == null ? null : grant.grantee().uri();
      if (ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri)) {
        return new Fact(
            true,
            "the ACL of s3://"
                + bucket
                + " grants "
                + grant.permissionAsString()
                + " to "
                + (ALL_USERS.equals(uri) ? "everyone" : "any AWS account"));
      }
    }
    return new Fact(
        false,
        "s3://"
            + bucket
            + ": no public policy and no ACL grant to everyone (Block Public Access is not fully on)");
  }

  @Override
  public InputStream open(Backup backup) {
    byte[] bytes =
        call(
            "s3:GetObject",
            () ->
                s3.getObject(
                        r -> r.bucket(bucket).key(backup.name()), ResponseTransformer.toBytes())
                    .asByteArray());
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void close() {
    s3.close();
  }

  private <T> T call(String action, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (S3Exception e) {
      throw failure(action, e);
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
  }

  private BackupException failure(String action, S3Exception e) {
    return new BackupException(
        S3Errors.explain(action, "s3://" + bucket, "arn:aws:s3:::" + bucket, e), e);
  }

  private BackupException unreachable(SdkClientException e) {
    return new BackupException(S3Errors.explain("s3://" + bucket, e), e);
  }

  private static String code(S3Exception e) {
    return S3Errors.code(e);
  }
}
