package dev.shakedown.backup;

import dev.shakedown.config.PluggableBase;
import java.nio.file.Path;

/** A backup store's provider in one line: its id, its settings record and how it opens. */
abstract class StoreProvider<S extends Record> extends PluggableBase<S>
    implements BackupStoreProvider {
  /** How a store opens from its settings. */
  interface Opener<S> {
    BackupStore open(String dataset, S settings, Path runDirectory);
  }

  private final Opener<S> opener;

  StoreProvider(String id, Class<S> settingsType, Opener<S> opener) {
    super(id, settingsType);
    this.opener = opener;
  }

  @Override
  public final BackupStore open(String dataset, Record settings, Path runDirectory) {
    return opener.open(dataset, settings(settings), runDirectory);
  }
}
