package dev.shakedown.config;

import java.time.Duration;

@Doc(
    "Where the backups of one dataset of this cloud are, and how a backup becomes a running copy again.")
public record BackupSettings(
    @Doc(
            value = "What keeps the backups: directory, s3, gcs, or a store on the class path.",
            required = true,
            example = "s3")
        String store,
    @Doc(
            value = "How long to wait for a new backup, for 'a backup has been taken'.",
            example = "2 minutes")
        Duration takenWithin,
    @Doc("How a backup becomes a running scratch copy, for restore drills.")
        RestoreSettings restore,
    @Doc("The live store these backups are of, for 'wiped and restored'.") PrimarySettings primary,
    @ProviderSpecific(key = "store") Record settings) {

  public BackupSettings {
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException(
          "say which store keeps the backups with store:, e.g. directory, s3 or gcs");
    }
    takenWithin = takenWithin == null ? Duration.ofMinutes(2) : takenWithin;
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
