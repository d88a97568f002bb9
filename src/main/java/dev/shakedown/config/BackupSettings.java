package dev.shakedown.config;

import java.net.URI;
import java.time.Duration;

@Doc(
    "Where the backups of one dataset of this cloud are, and how a backup becomes a running copy again.")
public record BackupSettings(
    @Doc(value = "What keeps the backups.", required = true, example = "s3") BackupKind store,
    @Doc(
            value = "directory: the folder of the backup files; {reports} is this run's folder.",
            example = "/var/backups/donations")
        String path,
    @Doc(value = "s3, gcs: the bucket.", example = "donations-backups") String bucket,
    @Doc(
            value =
                "s3, gcs: the key prefix of this dataset's backups; the dataset's name when not set.",
            example = "prod/donations/")
        String prefix,
    @Doc(value = "s3: the bucket's region.", example = "eu-west-2") String region,
    @Doc(
            value = "s3, gcs: another endpoint than the provider's, as for a test stand-in.",
            example = "http://127.0.0.1:9000")
        URI endpoint,
    @Doc(
            value = "s3: the access key id; without it, the SDK's default credential chain.",
            example = "${AWS_ACCESS_KEY_ID}")
        Secret accessKeyId,
    @Doc(
            value = "s3: the secret access key that goes with accessKeyId.",
            example = "${AWS_SECRET_ACCESS_KEY}")
        Secret secretAccessKey,
    @Doc(
            value =
                "directory: the AES key (base64) the backups are sealed with; the encryption check opens each with it, and restores use it.",
            example = "${BACKUP_KEY}")
        Secret encryptionKey,
    @Doc(
            value =
                "s3, gcs: encryption at rest must use a key the customer manages (KMS), not only the provider's default.",
            example = "true")
        Boolean requireCustomerKey,
    @Doc(
            value = "How long to wait for a new backup, for 'a backup has been taken'.",
            example = "2 minutes")
        Duration takenWithin,
    @Doc("How a backup becomes a running scratch copy, for restore drills.")
        RestoreSettings restore,
    @Doc("The live store these backups are of, for 'wiped and restored'.")
        PrimarySettings primary) {

  public BackupSettings {
    if (store == null) {
      throw new IllegalArgumentException("say which store keeps the backups: directory, s3 or gcs");
    }
    if (store == BackupKind.DIRECTORY && path == null) {
      throw new IllegalArgumentException("a directory store needs path: the folder of the backups");
    }
    if (store != BackupKind.DIRECTORY && bucket == null) {
      throw new IllegalArgumentException(
          "an " + store.name().toLowerCase(java.util.Locale.ROOT) + " store needs bucket");
    }
    takenWithin = takenWithin == null ? Duration.ofMinutes(2) : takenWithin;
  }

  public enum BackupKind {
    DIRECTORY,
    S3,
    GCS
  }

  @Doc("A command that serves a backup: a scratch copy for a drill, or the primary restored.")
  public record RestoreSettings(
      @Doc(
              value =
                  "Command; {backup} is the fetched backup file, {port} a free port, besides {java}, {classpath}, {reports}.",
              required = true,
              example =
                  "{java} -cp {classpath} dev.shakedown.demo.DonationStore --port {port} --restore {backup}")
          String command,
      @Doc(value = "Path polled on the copy until it answers 2xx.", example = "/health")
          String ready,
      @Doc(
              value = "Path that reads one record of the copy by id: {id}.",
              required = true,
              example = "/donations/{id}")
          String read,
      @Doc(value = "How long the copy may take to be ready.", example = "5 minutes")
          Duration startTimeout) {

    public RestoreSettings {
      if (command == null || read == null) {
        throw new IllegalArgumentException("restore needs command and read");
      }
      ready = ready == null ? "/health" : ready;
      startTimeout = startTimeout == null ? Duration.ofMinutes(5) : startTimeout;
    }
  }

  @Doc("The live store: a service of this config, restarted from a backup when wiped.")
  public record PrimarySettings(
      @Doc(value = "The service under services:.", required = true, example = "store-a")
          String service,
      @Doc(
              value = "The command that starts it from a backup: {backup} is the fetched file.",
              required = true,
              example =
                  "{java} -cp {classpath} dev.shakedown.demo.DonationStore --port 18101 --restore {backup}")
          String restoreCommand,
      @Doc(
              value = "URL that reads one record of it by id: {id}.",
              required = true,
              example = "http://127.0.0.1:18101/donations/{id}")
          String read) {

    public PrimarySettings {
      if (service == null || restoreCommand == null || read == null) {
        throw new IllegalArgumentException("primary needs service, restoreCommand and read");
      }
    }
  }
}
