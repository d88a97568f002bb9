package dev.shakedown.history;

import dev.shakedown.backup.GcsClients;
import dev.shakedown.backup.S3Clients;
import dev.shakedown.config.HistorySettings;
import java.nio.file.Path;

/** The history a config's {@code history:} names: a folder, an S3 prefix or a GCS prefix. */
public final class HistoryStores {
  private HistoryStores() {}

  /**
   * @param reports the --reports folder, whose history/ is the default
   */
  public static HistoryStore open(HistorySettings settings, Path reports) {
    return switch (settings.store()) {
      case "s3" ->
          new S3History(
              S3Clients.open(
                  settings.region(),
                  settings.endpoint(),
                  settings.accessKeyId(),
                  settings.secretAccessKey()),
              settings.bucket(),
              settings.prefix());
      case "gcs" ->
          new GcsHistory(
              GcsClients.open(settings.endpoint()), settings.bucket(), settings.prefix());
      default ->
          new DirectoryHistory(
              settings.path() == null ? reports.resolve("history") : Path.of(settings.path()));
    };
  }
}
