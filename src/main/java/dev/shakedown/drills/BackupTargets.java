package dev.shakedown.drills;

import dev.shakedown.ShakedownException;
import dev.shakedown.backup.BackupStore;
import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.Suggestions;
import dev.shakedown.runner.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The backup stores a run's config names: of one dataset, or all of them. */
public final class BackupTargets {
  private BackupTargets() {}

  /** One dataset's store in one cloud. */
  public record Target(String cloud, String dataset, BackupSettings settings, BackupStore store)
      implements AutoCloseable {
    public String describe() {
      return cloud + " " + dataset + " (" + store.describe() + ")";
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** Every store of {@code dataset}, in config order; an unknown dataset is an error. */
  public static List<Target> of(RunContext run, String dataset) {
    List<Target> targets = new ArrayList<>();
    TreeSet<String> known = new TreeSet<>();
    for (Cloud cloud : run.config().clouds().values()) {
      known.addAll(cloud.settings().backups().keySet());
      BackupSettings settings = cloud.settings().backups().get(dataset);
      if (settings != null) {
        targets.add(open(run, cloud.name(), dataset, settings));
      }
    }
    if (targets.isEmpty()) {
      throw new ShakedownException(
          "no cloud keeps backups of '"
              + dataset
              + "'"
              + Suggestions.closest(dataset, known)
                  .map(d -> "; did you mean '" + d + "'?")
                  .orElse("")
              + (known.isEmpty()
                  ? "; describe them under clouds.<cloud>.backups."
                      + dataset
                      + " (store: directory, s3 or gcs)"
                  : "; known: " + String.join(", ", known)));
    }
    return targets;
  }

  /** Every store of every dataset; none at all is an error. */
  public static List<Target> all(RunContext run) {
    List<Target> targets = new ArrayList<>();
    for (Cloud cloud : run.config().clouds().values()) {
      cloud
          .settings()
          .backups()
          .forEach((dataset, settings) -> targets.add(open(run, cloud.name(), dataset, settings)));
    }
    if (targets.isEmpty()) {
      throw new ShakedownException(
          "no cloud has a backup store to check; describe them under clouds.<cloud>.backups.<dataset>");
    }
    return targets;
  }

  public static void closeAll(List<Target> targets) {
    targets.forEach(Target::close);
  }

  /** The store of {@code dataset} in {@code cloud}, opened. */
  public static Target open(RunContext run, String cloud, String dataset, BackupSettings settings) {
    return new Target(
        cloud, dataset, settings, run.backupStores().open(dataset, settings, run.directory()));
  }

  /** Their descriptions, for what a dry run would look at. */
  public static String describe(List<Target> targets) {
    return String.join(", ", targets.stream().map(Target::describe).toList());
  }
}
