package dev.shakedown.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code shakedown run} was asked to do.
 *
 * @param features feature files or folders, each optionally with {@code :LINE}; empty means {@code
 *     features/}
 * @param glue extra packages of step definitions, beside Shakedown's own
 * @param controls the control catalogue; when it is the default and not there, no control is known
 * @param gameday set for a game day: the operator paces the disruptions and takes notes
 * @param gamedayRun a game day or its dry run: the scenarios tagged {@code @gameday} are in its
 *     selection, as they are not otherwise unless {@code tags} names them
 */
public record RunOptions(
    List<String> features,
    List<Path> clouds,
    Optional<String> tags,
    boolean dryRun,
    Path reportsRoot,
    List<String> glue,
    Function<String, String> environment,
    Path controls,
    Optional<GamedayOptions> gameday,
    boolean gamedayRun) {

  public static final String DEFAULT_FEATURES = "features";
  public static final String BUILT_IN_GLUE = "dev.shakedown.steps";

  public RunOptions {
    gameday = gameday == null ? Optional.empty() : gameday;
    features = features.isEmpty() ? List.of(DEFAULT_FEATURES) : List.copyOf(features);
    clouds = List.copyOf(clouds);
    glue = List.copyOf(glue);
  }
}
