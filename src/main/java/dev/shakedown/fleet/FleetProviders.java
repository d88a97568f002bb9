package dev.shakedown.fleet;

import dev.shakedown.backup.BackupStoreProviders;
import dev.shakedown.config.Pluggables;
import dev.shakedown.config.ProviderCatalog;
import java.util.Optional;
import java.util.SortedSet;

/** The fleet providers on the class path, by id; two providers with one id are refused. */
public final class FleetProviders implements ProviderCatalog {
  private final Pluggables<FleetProvider> providers;
  private final BackupStoreProviders stores;

  private FleetProviders(Pluggables<FleetProvider> providers, BackupStoreProviders stores) {
    this.providers = providers;
    this.stores = stores;
  }

  public static FleetProviders load() {
    return new FleetProviders(
        Pluggables.load(FleetProvider.class, "fleet providers"), BackupStoreProviders.load());
  }

  public Optional<FleetProvider> provider(String id) {
    return providers.get(id);
  }

  @Override
  public Optional<Class<? extends Record>> settingsType(String provider) {
    return providers.settingsType(provider);
  }

  @Override
  public SortedSet<String> known() {
    return providers.known();
  }

  /** The backup stores on the class path, which the config's {@code store:} names. */
  public BackupStoreProviders stores() {
    return stores;
  }

  @Override
  public Optional<ProviderCatalog> keyedBy(String key) {
    return switch (key) {
      case "provider" -> Optional.of(this);
      case "store" -> Optional.of(stores);
      default -> Optional.empty();
    };
  }
}
