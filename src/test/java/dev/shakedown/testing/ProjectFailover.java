package dev.shakedown.testing;

import java.nio.file.Path;

/**
 * What the provider ITs add to the project's failover feature: its game-day scenario of half of
 * every cloud at once, which kills across clouds as no other does, named by {@code --tags} so that
 * the run takes it.
 */
public final class ProjectFailover {
  private ProjectFailover() {}

  /** Arguments of {@code shakedown run}, after the failover feature's path. */
  public static String[] withShareOfEveryCloud() {
    return new String[] {
      Path.of("features/gameday/half-of-every-cloud.feature").toAbsolutePath().toString(),
      "--tags",
      "@failover or @gameday"
    };
  }
}
