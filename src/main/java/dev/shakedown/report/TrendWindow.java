package dev.shakedown.report;

import dev.shakedown.config.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * @param earlier the runs against the same clouds started before this one, oldest first, at most
 *     runs - 1
 * @param unreadable how many objects of the history were no run summary
 * @param unavailable why the history could not be read, when it could not: the report says so
 *     rather than show a trend of nothing
 */
public record TrendWindow(
    int runs,
    double slowdownPercent,
    Optional<String> commitUrl,
    List<RunSummary> earlier,
    int unreadable,
    Optional<String> unavailable) {
  public static final String FILE = "trend.json";

  public TrendWindow {
    commitUrl = commitUrl == null ? Optional.empty() : commitUrl.filter(TrendWindow::webAddress);
    earlier = earlier == null ? List.of() : List.copyOf(earlier);
    unavailable = unavailable == null ? Optional.empty() : unavailable;
  }

  /** A window for a run whose history could not be read, saying why. */
  public static TrendWindow unavailable(int runs, double slowdownPercent, String why) {
    return new TrendWindow(runs, slowdownPercent, Optional.empty(), List.of(), 0, Optional.of(why));
  }

  /**
   * The window of a run: the history's runs against the same clouds (another deployment's figures
   * say nothing of this one's), without this run, the newest last.
   */
  public static TrendWindow of(
      List<RunSummary> history,
      int unreadable,
      String runId,
      Instant started,
      List<String> clouds,
      int runs,
      double slowdownPercent,
      Optional<String> commitUrl) {
    // A run that started later (another CI job at the same time) is not drawn before this one.
    List<RunSummary> same =
        history.stream()
            .filter(r -> !r.runId().equals(runId) && r.started().isBefore(started))
            .filter(r -> r.ranAgainst(clouds))
            .toList();
    return new TrendWindow(
        runs,
        slowdownPercent,
        commitUrl,
        same.subList(Math.max(0, same.size() - (runs - 1)), same.size()),
        unreadable,
        Optional.empty());
  }

  /**
   * Where a commit is shown: the config's, else the CI's own repository page (GitHub Actions,
   * GitLab CI).
   */
  public static Optional<String> commitUrl(
      String configured, Function<String, String> environment) {
    if (configured != null) {
      return Optional.of(configured).filter(TrendWindow::webAddress);
    }
    String server = environment.apply("GITHUB_SERVER_URL");
    String repository = environment.apply("GITHUB_REPOSITORY");
    if (present(server) && present(repository)) {
      return Optional.of(server + "/" + repository + "/commit/{commit}")
          .filter(TrendWindow::webAddress);
    }
    String project = environment.apply("CI_PROJECT_URL");
    if (present(project)) {
      return Optional.of(project + "/-/commit/{commit}").filter(TrendWindow::webAddress);
    }
    return Optional.empty();
  }

  /**
   * Where a commit is shown must be a web page: a {@code javascript:} address in a config or a CI
   * variable would be a link to click in a signed report.
   */
  public static boolean webAddress(String url) {
    return url.matches("(?i)https?://[^\\s\"'<>]+");
  }

  public void write(Path runFolder, Redactor redactor) {
    try {
      Files.write(
          runFolder.resolve(FILE),
          RunRecord.JSON.writeValueAsBytes(redactor.redact(RunRecord.JSON.valueToTree(this))));
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

  /** The middle value, or the mean of the two middle ones: one odd run does not move it. */
  public static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
