package dev.shakedown.history;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A history under a prefix of a Cloud Storage bucket, for a pipeline whose workspace is thrown away
 * after each job. An upload replaces an object whole, so two jobs adding at once each add their
 * own.
 */
public final class GcsHistory extends BucketHistory {
  private final Storage storage;

  /**
   * @param prefix empty, or ending in {@code /}
   */
  public GcsHistory(Storage storage, String bucket, String prefix) {
    super("gs", bucket, prefix);
    this.storage = storage;
  }

  @Override
  protected void put(String name, byte[] bytes) throws IOException {
    try {
      storage.create(
          BlobInfo.newBuilder(BlobId.of(bucket, prefix + name))
              .setContentType("application/json")
              .build(),
          bytes);
    } catch (StorageException e) {
      throw failure("storage.objects.create", e);
    }
  }

  @Override
  protected List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (Blob blob :
          storage
              .list(
                  bucket,
                  Storage.BlobListOption.prefix(prefix),
                  Storage.BlobListOption.currentDirectory())
              .iterateAll()) {
        String name = blob.getName().substring(prefix.length());
        if (!blob.isDirectory() && !name.contains("/")) {
          names.add(name);
        }
      }
    } catch (StorageException e) {
      throw failure("storage.objects.list", e);
    }
    return names;
  }

  @Override
  protected Optional<byte[]> get(String name) throws IOException {
    try {
      return Optional.of(storage.readAllBytes(BlobId.of(bucket, prefix + name)));
    } catch (StorageException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw failure("storage.objects.get", e);
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // Nothing of the history is lost with the client: every object is written whole already.
    }
  }

  private IOException failure(String permission, StorageException e) {
    if (e.getCode() == 401) {
      return new IOException(
          "Cloud Storage did not accept the credentials for "
              + describe()
              + ": check the application default credentials (GOOGLE_APPLICATION_CREDENTIALS)",
          e);
    }
    if (e.getCode() == 403) {
      return new IOException(
          permission
              + " on "
              + describe()
              + " was denied: grant "
              + permission
              + (permission.equals("storage.objects.create")
                  ? " (and storage.objects.delete, to replace a run's summary)"
                  : "")
              + " on gs://"
              + bucket
              + " to the account Shakedown runs as",
          e);
    }
    if (e.getCode() == 404) {
      return new IOException("no bucket at " + describe() + "; check its name", e);
    }
    return new IOException(permission + " on " + describe() + " failed: " + e.getMessage(), e);
  }
}
