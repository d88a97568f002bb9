package dev.shakedown.config;

import java.util.Optional;
import java.util.SortedSet;

/** What the config layer needs to know of the fleet providers: their ids and settings types. */
public interface ProviderCatalog {
  Optional<Class<? extends Record>> settingsType(String provider);

  SortedSet<String> known();
}
