package dev.shakedown.fleet;

import dev.shakedown.config.ProviderCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The fleet providers on the class path, by id; two providers with one id are refused. */
public final class FleetProviders implements ProviderCatalog {
  private final Map<String, FleetProvider> byId;

  private FleetProviders(Map<String, FleetProvider> byId) {
    this.byId = byId;
  }

  public static FleetProviders load() {
    Map<String, FleetProvider> byId = new TreeMap<>();
    for (FleetProvider provider :
        ServiceLoader.load(FleetProvider.class, FleetProviders.class.getClassLoader())) {
      FleetProvider previous = byId.putIfAbsent(provider.id(), provider);
      if (previous != null) {
        throw new IllegalStateException(
            "two fleet providers claim the id '"
                + provider.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return new FleetProviders(Map.copyOf(byId));
  }

  public Optional<FleetProvider> provider(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Class<? extends Record>> settingsType(String provider) {
    return provider(provider).map(FleetProvider::settingsType);
  }

  @Override
  public SortedSet<String> known() {
    return new TreeSet<>(byId.keySet());
  }
}
