package dev.shakedown.backup;

import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Pluggables;
import dev.shakedown.config.ProviderCatalog;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;

/** The backup stores on the class path, by id; two stores with one id are refused. */
public final class BackupStoreProviders implements ProviderCatalog {
  private final Pluggables<BackupStoreProvider> stores;

  private BackupStoreProviders(Pluggables<BackupStoreProvider> stores) {
    this.stores = stores;
  }

  public static BackupStoreProviders load() {
    return new BackupStoreProviders(Pluggables.load(BackupStoreProvider.class, "backup stores"));
  }

  static BackupStoreProviders of(Iterable<BackupStoreProvider> found) {
    return new BackupStoreProviders(Pluggables.of(found, "backup stores"));
  }

  /** Opens the store a dataset's config names. */
  public BackupStore open(String dataset, BackupSettings settings, Path runDirectory) {
    BackupStoreProvider store =
        stores
            .get(settings.store() == null ? "" : settings.store().toLowerCase(Locale.ROOT))
            .orElseThrow( // the config's binder refuses an unknown store first: a config in code
                () ->
                    new BackupException(
                        "no backup store '"
                            + settings.store()
                            + "'; known: "
                            + String.join(", ", known())));
    // Settings built in code rather than bound from a config: checked here, so that a wrong record
    // is a message naming the dataset and not a ClassCastException from inside the store.
    Class<? extends Record> expected = store.settingsType();
    if (!expected.isInstance(settings.settings())) {
      throw new BackupException(
          "the backups of "
              + dataset
              + " name the store '"
              + store.id()
              + "' but come with "
              + (settings.settings() == null
                  ? "no settings"
                  : "settings of " + settings.settings().getClass().getSimpleName())
              + "; the store '"
              + store.id()
              + "' takes "
              + expected.getSimpleName());
    }
    return store.open(dataset, settings.settings(), runDirectory);
  }

  @Override
  public Optional<Class<? extends Record>> settingsType(String store) {
    return stores.settingsType(store);
  }

  @Override
  public SortedSet<String> known() {
    return stores.known();
  }
}
