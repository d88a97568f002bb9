package dev.shakedown.backup;

import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Secret;
import java.nio.file.Path;

/** Opens the store a dataset's config names. */
public final class BackupStores {
  private BackupStores() {}

  /**
   * @param dataset the dataset's name, the default key prefix in a bucket
   * @param runDirectory what {reports} in a path stands for
   */
  public static BackupStore open(String dataset, BackupSettings settings, Path runDirectory) {
    return switch (settings.store()) {
      case DIRECTORY ->
          new DirectoryBackupStore(
              Path.of(settings.path().replace("{reports}", runDirectory.toString())),
              java.util.Optional.ofNullable(settings.encryptionKey()).map(Secret::reveal));
      case S3 -> S3BackupStore.open(dataset, settings);
      case GCS -> GcsBackupStore.open(dataset, settings);
    };
  }
}
