package dev.shakedown.backup;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;

@Doc("store 'directory': backup files in a folder, each sealed with AES-GCM.")
public record DirectoryStoreSettings(
    @Doc(
            value = "The folder of the backup files; {reports} is this run's folder.",
            required = true,
            example = "/var/backups/donations")
        String path,
    @Doc(
            value =
                "The AES key (base64) the backups are sealed with; the encryption check opens each with it, and restores use it.",
            example = "${BACKUP_KEY}")
        Secret encryptionKey) {

  public DirectoryStoreSettings {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a directory store needs path: the folder of the backups");
    }
  }
}
