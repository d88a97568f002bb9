package dev.shakedown.fleet;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.Pluggable;

/**
 * A kind of cloud, found through {@link java.util.ServiceLoader} and chosen by the {@code
 * provider:} key of a cloud's config.
 */
public interface FleetProvider extends Pluggable {
  /** Connects to (or, for the local provider, starts) the cloud. */
  Fleet open(Cloud cloud, FleetContext context);
}
