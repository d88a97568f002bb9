package dev.shakedown.backup;

import com.google.cloud.Identity;
import com.google.cloud.Policy;
import com.google.cloud.Role;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backups as objects under a prefix of a Google Cloud Storage bucket. GCS encrypts every object at
 * rest with Google's keys; with {@code requireCustomerKey} the bucket must also name a default KMS
 * key. Public access is what the bucket says: public access prevention, and IAM bindings to
 * allUsers or allAuthenticatedUsers.
 */
public final class GcsBackupStore implements BackupStore {
  private static final Set<Identity> EVERYONE =
      Set.of(Identity.allUsers(), Identity.allAuthenticatedUsers());

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final boolean requireCustomerKey;

  private GcsBackupStore(Storage storage, BucketSettings place) {
    this.storage = storage;
    this.bucket = place.bucket();
    this.prefix = place.prefix();
    this.requireCustomerKey = place.requireCustomerKey();
  }

  /** {@code store: gcs}. */
  public static final class Provider extends StoreProvider<GcsStoreSettings> {
    public Provider() {
      super(
          "gcs",
          GcsStoreSettings.class,
          (dataset, settings, runDirectory) -> GcsBackupStore.open(dataset, settings));
    }
  }

  static GcsBackupStore open(String dataset, GcsStoreSettings settings) {
    return of(GcsClients.open(settings.endpoint()), dataset, settings);
  }

  /** Over a given client: the tests' in-memory storage, or one built elsewhere. */
  public static GcsBackupStore of(Storage storage, String dataset, GcsStoreSettings settings) {
    return new GcsBackupStore(
        storage,
        BucketSettings.of(
            settings.bucket(), settings.prefix(), settings.requireCustomerKey(), dataset));
  }

  @Override
  public String describe() {
    return "gs://" + bucket + "/" + prefix;
  }

  @Override
  public List<Backup> list() {
    List<Backup> backups = new ArrayList<>();
    try {
      for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
        if (blob.isDirectory()) {
          continue;
        }
        backups.add(
            new Backup(
                blob.getName(),
                BackupTimes.fromName(blob.getName())
                    .orElseGet(
                        () ->
                            blob.getUpdateTimeOffsetDateTime() == null
                                ? java.time.Instant.EPOCH
                                : blob.getUpdateTimeOffsetDateTime().toInstant()),
                blob.getSize() == null ? 0 : blob.getSize()));
      }
    } catch (StorageException e) {
      throw failure("storage.objects.list", e);
    }
    backups.sort(Comparator.comparing(Backup::takenAt).thenComparing(Backup::name));
    return backups;
  }

  @Override
  public Fact encryptionAtRest() {
    Bucket found = bucket();
    String key = found.getDefaultKmsKeyName();
    if (key != null) {
      return new Fact(true, "gs://" + bucket + " encrypts by default with the KMS key " + key);
    }
    return requireCustomerKey
        ? new Fact(
            false,
            "gs://"
                + bucket
                + " uses Google-managed keys only; requireCustomerKey asks for a KMS key")
        : new Fact(true, "gs://" + bucket + " is encrypted at rest with Google-managed keys");
  }

  @Override
  public Fact publicAccess() {
    Bucket found = bucket();
    BucketInfo.IamConfiguration iam = found.getIamConfiguration();
    if (iam != null
        && iam.getPublicAccessPrevention() == BucketInfo.PublicAccessPrevention.ENFORCED) {
      return new Fact(false, "gs://" + bucket + " enforces public access prevention");
    }
    Policy policy;
    try {
      policy = storage.getIamPolicy(bucket);
    } catch (StorageException e) {
      throw failure("storage.buckets.getIamPolicy", e);
    }
    for (Map.Entry<Role, Set<Identity>> binding : policy.getBindings().entrySet()) {
      for (Identity member : binding.getValue()) {
        if (EVERYONE.contains(member)) {
          return new Fact(
              true,
              "gs://"
                  + bucket
                  + " grants "
                  + binding.getKey().getValue()
                  + " to "
                  + member.strValue());
        }
      }
    }
    return new Fact(
        false, "gs://" + bucket + ": no IAM binding to allUsers or allAuthenticatedUsers");
  }

  @Override
  public InputStream open(Backup backup) {
    try {
      return new ByteArrayInputStream(
          storage.readAllBytes(com.google.cloud.storage.BlobId.of(bucket, backup.name())));
    } catch (StorageException e) {
      throw failure("storage.objects.get", e);
    }
  }

  private Bucket bucket() {
    try {
      Bucket found = storage.get(bucket);
      if (found == null) {
        throw new BackupException(
            "no bucket gs://" + bucket + "; check the bucket of this dataset");
      }
      return found;
    } catch (StorageException e) {
      throw failure("storage.buckets.get", e);
    }
  }

  private BackupException failure(String permission, StorageException e) {
    if (e.getCode() == 403) {
      return new BackupException(
          "permission "
              + permission
              + " on gs://"
              + bucket
              + " was denied: grant it to the account Shakedown runs as",
          e);
    }
    return new BackupException(permission + " on gs://" + bucket + " failed: " + e.getMessage(), e);
  }
}
