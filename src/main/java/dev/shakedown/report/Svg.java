package dev.shakedown.report;

import dev.shakedown.evidence.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A timeline drawn as inline SVG: success rate per second (green line, 0-100%) and p99 latency
 * (blue line, its own scale), fault windows shaded red. No script, no external reference.
 */
public final class Svg {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 160;
  private static final int LEFT = 44;
  private static final int RIGHT = 52;
  private static final int TOP = 10;
  private static final int BOTTOM = 24;

  private Svg() {}

  public static String timeline(Evidence.Timeline timeline, List<Evidence.Fault> faults) {
    return timeline(timeline, faults, List.of());
  }

  /** With the operator's notes as amber marks where they were taken, the note on hover. */
  public static String timeline(
      Evidence.Timeline timeline, List<Evidence.Fault> faults, List<Evidence.Note> notes) {
    List<Evidence.Second> seconds = timeline.seconds();
    if (seconds.isEmpty()) {
      return "<p class=\"muted\">no data</p>";
    }
    Instant start = seconds.get(0).at();
    double span = Math.max(1, seconds.size());
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double maxP99 =
        Math.max(1, seconds.stream().mapToDouble(Evidence.Second::p99Millis).max().orElse(1));
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH,
            HEIGHT,
            Html.escape(timeline.name())));
    // Styled inside the drawing, so it reads the same inlined in the report and on its own.
    svg.append(
        "<style>.frame{fill:none;stroke:#c3ccd4}.fault{fill:#e53935;fill-opacity:.16}"
            + ".success{fill:none;stroke:#2e7d32;stroke-width:1.6}"
            + ".p99{fill:none;stroke:#1e63c6;stroke-width:1.2;stroke-dasharray:3 2}"
            + ".axis{font:10px sans-serif;fill:#68737d}.p99-label{fill:#1e63c6}"
            // Only where there are notes: a timeline without any keeps the bytes it had.
            + (notes.isEmpty()
                ? ""
                : ".note{stroke:#f9a825;stroke-width:1.5}.note-mark{fill:#f9a825}")
            + "</style>");
    for (Evidence.Fault fault : faults) {
      double from = seconds(start, fault.from());
      double until = seconds(start, fault.until());
      if (until < 0 || from > span) {
        continue;
      }
      double x0 = LEFT + plotWidth * Math.max(0, from) / span;
      double x1 = LEFT + plotWidth * Math.min(span, Math.max(from + 0.2, until)) / span;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"fault\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
              x0,
              TOP,
              Math.max(1, x1 - x0),
              plotHeight,
              Html.escape(fault.what())));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\"/>",
            LEFT,
            TOP,
            plotWidth,
            plotHeight));
    StringBuilder success = new StringBuilder();
    StringBuilder p99 = new StringBuilder();
    for (int i = 0; i < seconds.size(); i++) {
      Evidence.Second second = seconds.get(i);
      double x = LEFT + plotWidth * (i + 0.5) / span;
      double ys = TOP + plotHeight * (1 - second.successPercent() / 100);
      double yl = TOP + plotHeight * (1 - second.p99Millis() / maxP99);
      success.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", i == 0 ? "M" : "L", x, ys));
      p99.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", i == 0 ? "M" : "L", x, yl));
    }
    svg.append("<path class=\"p99\" d=\"").append(p99.toString().trim()).append("\"/>");
    svg.append("<path class=\"success\" d=\"").append(success.toString().trim()).append("\"/>");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">100%%</text>"
                + "<text x=\"%d\" y=\"%.0f\" class=\"axis\" text-anchor=\"end\">0%%</text>"
                + "<text x=\"%.0f\" y=\"%d\" class=\"axis p99-label\">%.0f ms</text>"
                + "<text x=\"%.0f\" y=\"%.0f\" class=\"axis p99-label\">0 ms</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"axis\">0 s</text>"
                + "<text x=\"%.0f\" y=\"%d\" class=\"axis\" text-anchor=\"end\">%d s</text>",
            LEFT - 4,
            TOP + 8,
            LEFT - 4,
            TOP + plotHeight,
            LEFT + plotWidth + 4,
            TOP + 8,
            maxP99,
            LEFT + plotWidth + 4,
            TOP + plotHeight,
            LEFT,
            HEIGHT - 6,
            LEFT + plotWidth,
            HEIGHT - 6,
            seconds.size()));
    for (Evidence.Note note : notes) {
      double at = seconds(start, note.at());
      if (at < 0 || at > span) {
        continue;
      }
      double x = LEFT + plotWidth * at / span;
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"note-at\"><line class=\"note\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>"
                  + "<circle class=\"note-mark\" cx=\"%.1f\" cy=\"%d\" r=\"4\"/><title>%s</title></g>",
              x,
              TOP,
              x,
              TOP + plotHeight,
              x,
              TOP,
              Html.escape(note.author() + ": " + note.text())));
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static double seconds(Instant start, Instant at) {
    return Duration.between(start, at).toMillis() / 1000.0;
  }
}
