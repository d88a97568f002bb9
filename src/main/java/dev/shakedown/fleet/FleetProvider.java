package dev.shakedown.fleet;

import dev.shakedown.config.Cloud;

/**
 * A kind of cloud, found through {@link java.util.ServiceLoader} and chosen by the {@code
 * provider:} key of a cloud's config.
 */
public interface FleetProvider {
  /** The value of {@code provider:} that selects this provider. */
  String id();

  /** The record of this provider's own config keys; they sit beside the common ones. */
  Class<? extends Record> settingsType();

  /** Connects to (or, for the local provider, starts) the cloud. */
  Fleet open(Cloud cloud, FleetContext context);
}
