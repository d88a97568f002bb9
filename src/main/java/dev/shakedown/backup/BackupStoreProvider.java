package dev.shakedown.backup;

import dev.shakedown.config.Pluggable;
import java.nio.file.Path;

/**
 * A kind of backup store, found on the class path (ServiceLoader) as fleet providers are, and named
 * by a dataset's {@code store:} key; its own keys sit flat beside the common ones and bind to
 * {@link Pluggable#settingsType()}.
 */
public interface BackupStoreProvider extends Pluggable {
  /**
   * @param dataset the dataset's name, the default key prefix in a bucket
   * @param settings an instance of {@link Pluggable#settingsType()}
   * @param runDirectory what {reports} in a path stands for
   */
  BackupStore open(String dataset, Record settings, Path runDirectory);
}
