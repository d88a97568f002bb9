package dev.shakedown.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The trend section of the compliance report: per scenario an outcome strip and a sparkline of each
 * figure over the runs of the window, and the gate's duration per feature with the first run that
 * grew past the slowdown threshold marked. Each point is a run, oldest left, and links to its
 * commit.
 */
final class TrendHtml {
  private static final int WIDTH = 180;
  private static final int HEIGHT = 30;
  private static final int PAD = 4;
  private static final String WHOLE_RUN = "the whole run";

  /** Fewer runs before it than this, and no run is called a slowdown: one run is no baseline. */
  static final int BASELINE = 3;

  private TrendHtml() {}

  // With the section, not the page: a report made again from a run without a trend keeps its
  // bytes.
  private static final String STYLE =
      "<style>svg.spark,svg.outcomes{vertical-align:middle}"
          + "div.figure{display:grid;grid-template-columns:minmax(160px,300px) 184px auto;"
          + "align-items:center;gap:8px;margin:1px 0}</style>";

  static String render(TrendWindow window, RunSummary current) {
    StringBuilder html = new StringBuilder(STYLE);
    if (window.unavailable().isPresent()) {
      return html.append(
              "<h2 id=\"trend\">Trend</h2><p class=\"message\" id=\"trend-unavailable\">")
          .append("No trend: ")
          .append(Html.escape(window.unavailable().get()))
          .append(". This run is in the history all the same if it could be added.</p>")
          .toString();
    }
    List<RunSummary> runs = new ArrayList<>(window.earlier());
    runs.add(current);
    html.append("<h2 id=\"trend\">Trend over the last ")
        .append(runs.size())
        .append(runs.size() == 1 ? " run" : " runs")
        .append(" against these clouds</h2><p class=\"muted\">");
    if (runs.size() == 1) {
      html.append("The history holds no earlier run against these clouds: the trend starts here. ");
    }
    html.append("Each point is a run, oldest left, this run right; it links to the run's commit.");
    if (window.unreadable() > 0) {
      html.append(" <b>")
          .append(window.unreadable())
          .append(" object(s) of the history were no run summary and are not shown.</b>");
    }
    html.append("</p>");
    features(html, window, runs);
    scenarios(html, window, runs);
    return html.toString();
  }

  private static void features(StringBuilder html, TrendWindow window, List<RunSummary> runs) {
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    seconds.put(WHOLE_RUN, new ArrayList<>());
    for (RunSummary.FeatureTime feature : runs.get(runs.size() - 1).features()) {
      seconds.put(feature.feature(), new ArrayList<>());
    }
    for (RunSummary run : runs) {
      for (Map.Entry<String, List<Double>> row : seconds.entrySet()) {
        Double value =
            row.getKey().equals(WHOLE_RUN)
                ? Double.valueOf(run.durationMillis() / 1000.0)
                : run.features().stream()
                    .filter(f -> f.feature().equals(row.getKey()))
                    .map(f -> f.millis() / 1000.0)
                    .findFirst()
                    .orElse(null);
        row.getValue().add(value);
      }
    }
    html.append("<h3>Duration of the gate, per feature</h3><table id=\"trend-features\"><thead>")
        .append("<tr><th>Feature</th><th>Over the runs</th><th>This run</th><th>Slowed down</th>")
        .append("</tr></thead><tbody>");
    for (Map.Entry<String, List<Double>> row : seconds.entrySet()) {
      List<Double> values = row.getValue();
      OptionalInt past = slowedFrom(values, window.slowdownPercent());
      html.append("<tr class=\"trend-feature\" data-feature=\"")
          .append(Html.escape(row.getKey()))
          .append("\"><td>")
          .append(Html.escape(row.getKey()))
          .append("</td><td>")
          .append(sparkline(values, runs, window, past, v -> seconds(v)))
          .append("</td><td>")
          .append(last(values).map(TrendHtml::seconds).orElse(""))
          .append("</td><td>");
      if (past.isPresent()) {
        RunSummary run = runs.get(past.getAsInt());
        html.append("<span class=\"v FAILED\">from ")
            .append(Html.escape(run.runId()))
            .append("</span> ")
            .append(Html.escape(seconds(values.get(past.getAsInt()))))
            .append(
                String.format(
                    Locale.ROOT,
                    ", more than %.0f%% above the median of %s of the runs before it",
                    window.slowdownPercent(),
                    seconds(median(values.subList(0, past.getAsInt())))))
            .append(
                run.commit().map(c -> " (commit " + Html.escape(shortCommit(c)) + ")").orElse(""));
      } else {
        html.append("<span class=\"muted\">no</span>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void scenarios(StringBuilder html, TrendWindow window, List<RunSummary> runs) {
    Map<String, String> names = new LinkedHashMap<>();
    for (RunSummary.ScenarioSummary scenario : runs.get(runs.size() - 1).scenarios()) {
      names.putIfAbsent(key(scenario), scenario.name());
    }
    for (RunSummary run : runs) {
      run.scenarios().forEach(s -> names.putIfAbsent(key(s), s.name()));
    }
    html.append("<h3>Scenarios</h3><table id=\"trend-scenarios\"><thead><tr><th>Scenario</th>")
        .append("<th>Outcome</th><th>Figures over the runs (this run's value)</th></tr></thead>")
        .append("<tbody>");
    for (Map.Entry<String, String> scenario : names.entrySet()) {
      // An outline's rows share a name: the outcome is the worst of them, the figures the first's.
      List<List<RunSummary.ScenarioSummary>> rows = new ArrayList<>();
      for (RunSummary run : runs) {
        rows.add(run.scenarios().stream().filter(s -> key(s).equals(scenario.getKey())).toList());
      }
      List<Optional<RunSummary.ScenarioSummary>> row =
          rows.stream().map(r -> r.stream().findFirst()).toList();
      html.append("<tr class=\"trend-scenario\" data-scenario=\"")
          .append(Html.escape(scenario.getValue()))
          .append("\"><td>")
          .append(Html.escape(scenario.getValue()))
          .append("<br><span class=\"muted\">")
          .append(Html.escape(scenario.getKey().substring(0, scenario.getKey().indexOf('\n'))))
          .append("</span></td><td>")
          .append(outcomes(rows.stream().map(TrendHtml::worst).toList(), runs, window))
          .append("</td><td>");
      Map<String, String> units = new LinkedHashMap<>();
      row.stream()
          .flatMap(Optional::stream)
          .flatMap(s -> s.figures().stream())
          .forEach(f -> units.putIfAbsent(f.name(), f.unit()));
      for (Map.Entry<String, String> figure : units.entrySet()) {
        List<Double> values =
            row.stream()
                .map(
                    s ->
                        s.flatMap(x -> x.figure(figure.getKey()))
                            .map(RunSummary.Figure::value)
                            .orElse(null))
                .toList();
        Function<Double, String> shown = v -> ComplianceHtml.number(v) + " " + figure.getValue();
        html.append("<div class=\"figure\" data-figure=\"")
            .append(Html.escape(figure.getKey()))
            .append("\"><span class=\"muted\">")
            .append(Html.escape(figure.getKey()))
            .append("</span> ")
            .append(sparkline(values, runs, window, OptionalInt.empty(), shown))
            .append(" ")
            .append("<span>")
            .append(last(values).map(v -> Html.escape(shown.apply(v))).orElse("(not measured)"))
            .append("</span></div>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  /** The worst verdict of a scenario's rows in one run; NOT_RUN when it did not run. */
  private static String worst(List<RunSummary.ScenarioSummary> rows) {
    List<String> order = List.of("ERROR", "FAILED", "SKIPPED", "PASSED");
    return rows.stream()
        .map(RunSummary.ScenarioSummary::verdict)
        .min(
            java.util.Comparator.comparingInt(
                v -> order.indexOf(v) < 0 ? order.size() - 2 : order.indexOf(v)))
        .orElse("NOT_RUN");
  }

  /** A square per run, coloured by the scenario's outcome in it; blank where it did not run. */
  private static String outcomes(List<String> row, List<RunSummary> runs, TrendWindow window) {
    StringBuilder svg = new StringBuilder();
    int size = 12;
    svg.append("<svg class=\"outcomes\" width=\"")
        .append(row.size() * (size + 2))
        .append("\" height=\"")
        .append(size)
        .append("\" viewBox=\"0 0 ")
        .append(row.size() * (size + 2))
        .append(" ")
        .append(size)
        .append("\">");
    for (int i = 0; i < row.size(); i++) {
      String verdict = row.get(i);
      svg.append("<a href=\"")
          .append(Html.escape(link(runs.get(i), i == runs.size() - 1, window)))
          .append("\"><rect class=\"outcome\" data-verdict=\"")
          .append(Html.escape(verdict))
          .append("\" x=\"")
          .append(i * (size + 2))
          .append("\" y=\"0\" width=\"")
          .append(size)
          .append("\" height=\"")
          .append(size)
          .append("\" fill=\"")
          .append(colour(verdict))
          .append("\"><title>")
          .append(Html.escape(title(runs.get(i)) + ": " + verdict.replace('_', ' ')))
          .append("</title></rect></a>");
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A line through the runs' values, a point per run that has one; the marked point, if any, ringed
   * in red.
   */
  private static String sparkline(
      List<Double> values,
      List<RunSummary> runs,
      TrendWindow window,
      OptionalInt marked,
      Function<Double, String> shown) {
    double low = values.stream().filter(v -> v != null).mapToDouble(v -> v).min().orElse(0);
    double high = values.stream().filter(v -> v != null).mapToDouble(v -> v).max().orElse(0);
    // Drawn over at least a tenth of the value, so that 44 then 43 probes is not a cliff.
    double span = Math.max(high - low, Math.abs(high) / 10);
    double min = (low + high) / 2 - span / 2;
    double max = min + span;
    StringBuilder points = new StringBuilder();
    StringBuilder circles = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      Double value = values.get(i);
      if (value == null) {
        continue;
      }
      double x =
          values.size() == 1 ? WIDTH / 2.0 : PAD + i * (WIDTH - 2.0 * PAD) / (values.size() - 1);
      double y =
          max == min
              ? HEIGHT / 2.0
              : HEIGHT - PAD - (value - min) / (max - min) * (HEIGHT - 2.0 * PAD);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      boolean mark = marked.isPresent() && marked.getAsInt() == i;
      circles
          .append("<a href=\"")
          .append(Html.escape(link(runs.get(i), i == runs.size() - 1, window)))
          .append("\"><circle class=\"point")
          .append(mark ? " past" : "")
          .append("\" data-run=\"")
          .append(Html.escape(runs.get(i).runId()))
          .append("\" data-value=\"")
          .append(String.format(Locale.ROOT, "%s", value))
          .append(
              String.format(
                  Locale.ROOT, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"", x, y, mark ? "4" : "2.5"))
          .append(
              mark ? " fill=\"#fff\" stroke=\"#c62828\" stroke-width=\"2\"" : " fill=\"#1e63c6\"")
          .append("><title>")
          .append(Html.escape(title(runs.get(i)) + ": " + shown.apply(value)))
          .append("</title></circle></a>");
    }
    return "<svg class=\"spark\" width=\""
        + WIDTH
        + "\" height=\""
        + HEIGHT
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + HEIGHT
        + "\"><polyline fill=\"none\" stroke=\"#9db6d9\" stroke-width=\"1.5\" points=\""
        + points.toString().strip()
        + "\"/>"
        + circles
        + "</svg>";
  }

  /**
   * Where the gate slowed down and stayed slow: the first of the runs, up to the newest, each more
   * than the threshold above the median of the runs before it (at least {@link #BASELINE} of them).
   * A slow run the next ones recovered from is not marked, and none when the newest is not slow.
   */
  static OptionalInt slowedFrom(List<Double> values, double slowdownPercent) {
    OptionalInt from = OptionalInt.empty();
    for (int i = values.size() - 1; i >= 0; i--) {
      List<Double> before = values.subList(0, i).stream().filter(v -> v != null).toList();
      Double value = values.get(i);
      if (value == null
          || before.size() < BASELINE
          || value <= median(before) * (1 + slowdownPercent / 100)) {
        break;
      }
      from = OptionalInt.of(i);
    }
    return from;
  }

  private static double median(List<Double> values) {
    return TrendWindow.median(values.stream().filter(v -> v != null).toList());
  }

  /** Where a point leads: the commit's page, else the run's own report beside this one. */
  private static String link(RunSummary run, boolean current, TrendWindow window) {
    // Only a commit id goes into the address: a summary is read from a bucket others can write.
    Optional<String> commit = run.commit().filter(c -> c.matches("[0-9a-fA-F]{7,64}"));
    if (commit.isPresent() && window.commitUrl().isPresent()) {
      return window.commitUrl().get().replace("{commit}", commit.get());
    }
    return current ? "#verdict" : "../" + run.runId() + "/compliance.html";
  }

  private static String title(RunSummary run) {
    return run.runId() + run.commit().map(c -> " at " + shortCommit(c)).orElse("");
  }

  /** A scenario across runs: its feature file and name (an outline's rows share one). */
  private static String key(RunSummary.ScenarioSummary scenario) {
    return scenario.feature() + "\n" + scenario.name();
  }

  private static Optional<Double> last(List<Double> values) {
    Double value = values.get(values.size() - 1);
    return Optional.ofNullable(value);
  }

  private static String shortCommit(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f s", value);
  }

  private static String colour(String verdict) {
    return switch (verdict) {
      case "PASSED" -> "#43a047";
      case "FAILED" -> "#e53935";
      case "ERROR" -> "#8e24aa";
      case "NOT_RUN" -> "#eceff1";
      default -> "#b0bec5";
    };
  }
}
