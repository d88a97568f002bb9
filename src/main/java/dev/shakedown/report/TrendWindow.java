package dev.shakedown.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The earlier runs the compliance report's trend shows, as the history held them when this run
 * ended: kept in the run folder ({@code trend.json}, in the manifest), so that the report made
 * again from the folder shows the same trend, whatever the history holds by then.
 *
 * @param runs how many runs the trend shows, this one included
 * @param slowdownPercent how much slower than the median of the runs before it a feature may be
 *     before the trend marks it
 * @param commitUrl where a commit is shown, {@code {commit}} its id
 * @param earlier the runs against the same clouds before this one, oldest first, at most runs - 1
 */
public record TrendWindow(
    int runs, double slowdownPercent, Optional<String> commitUrl, List<RunSummary> earlier) {
  public static final String FILE = "trend.json";

  public TrendWindow {
    commitUrl = commitUrl == null ? Optional.empty() : commitUrl;
    earlier = earlier == null ? List.of() : List.copyOf(earlier);
  }

  /**
   * The window of a run: the history's runs against the same clouds (another deployment's figures
   * say nothing of this one's), without this run, the newest last.
   */
  public static TrendWindow of(
      List<RunSummary> history,
      String runId,
      List<String> clouds,
      int runs,
      double slowdownPercent,
      Optional<String> commitUrl) {
    List<RunSummary> same =
        history.stream()
            .filter(r -> !r.runId().equals(runId))
            .filter(r -> new HashSet<>(r.clouds()).equals(new HashSet<>(clouds)))
            .toList();
    return new TrendWindow(
        runs,
        slowdownPercent,
        commitUrl,
        same.subList(Math.max(0, same.size() - (runs - 1)), same.size()));
  }

  /**
   * Where a commit is shown: the config's, else the CI's own repository page (GitHub Actions,
   * GitLab CI).
   */
  public static Optional<String> commitUrl(
      String configured, Function<String, String> environment) {
    if (configured != null) {
      return Optional.of(configured);
    }
    String server = environment.apply("GITHUB_SERVER_URL");
    String repository = environment.apply("GITHUB_REPOSITORY");
    if (present(server) && present(repository)) {
      return Optional.of(server + "/" + repository + "/commit/{commit}");
    }
    String project = environment.apply("CI_PROJECT_URL");
    if (present(project)) {
      return Optional.of(project + "/-/commit/{commit}");
    }
    return Optional.empty();
  }

  public void write(Path runFolder) {
    try {
      Files.write(runFolder.resolve(FILE), RunRecord.JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE + " in " + runFolder, e);
    }
  }

  /** The run's window; empty for a run made before trends, or whose history could not be read. */
  public static Optional<TrendWindow> read(Path runFolder) {
    Path file = runFolder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RunRecord.JSON.readValue(file.toFile(), TrendWindow.class));
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
