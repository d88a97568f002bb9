package dev.shakedown.config;

import java.util.Optional;
import java.util.SortedSet;

/**
 * What the config layer needs to know of a kind of provider (fleets, backup stores): their ids and
 * settings types.
 */
public interface ProviderCatalog {
  Optional<Class<? extends Record>> settingsType(String provider);

  SortedSet<String> known();

  /**
   * The catalog of the providers that the key {@code key} names ({@code provider} names fleets,
   * {@code store} backup stores); empty when none does.
   */
  default Optional<ProviderCatalog> keyedBy(String key) {
    return "provider".equals(key) ? Optional.of(this) : Optional.empty();
  }
}
