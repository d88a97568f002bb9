package dev.shakedown.report;

import dev.shakedown.evidence.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The compliance report as one HTML file that opens anywhere, offline: styles inline, charts as
 * inline SVG, no script, no font and no image; nothing outside the file is loaded (the trend's
 * points link to their commits, for a reader to follow).
 */
final class ComplianceHtml {
  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d232a}
      h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5dbe1;padding-bottom:4px}
      h3{font-size:15px;margin:18px 0 6px}
      table{border-collapse:collapse;width:100%;margin:6px 0} th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e7eb;vertical-align:top}
      th{background:#f4f6f8;font-weight:600} .muted{color:#68737d} code{font-size:12px}
      .v{font-weight:700;padding:1px 7px;border-radius:3px;white-space:nowrap}
      .PASSED{background:#e3f4e6;color:#17652a} .FAILED{background:#fde4e1;color:#a3180a} .WAIVED{background:#fff1cc;color:#7a5300}
      .ERROR{background:#f2e3fb;color:#6a1b9a} .NOT_TESTED,.SKIPPED{background:#eceff1;color:#455a64}
      .banner{padding:12px 16px;border-radius:6px;margin:12px 0;font-size:16px}
      dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0} dl.meta dt{color:#68737d} dl.meta dd{margin:0}
      svg.timeline{width:100%;max-width:720px;height:auto;display:block;margin:4px 0 10px}
      .legend span{margin-right:14px;font-size:12px} .sw{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
      pre.message{white-space:pre-wrap;background:#fff6f5;border-left:3px solid #e53935;padding:6px 10px;margin:6px 0}
      details{margin:4px 0 10px} summary{cursor:pointer;color:#1e63c6}
      """;

  private ComplianceHtml() {}

  /**
   * @param trend the earlier runs the trend section shows; none, no trend section
   */
  static String render(ComplianceReport report, Optional<TrendWindow> trend) {
    StringBuilder html = new StringBuilder();
    RunMetadata run = report.run();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Compliance report ")
        .append(Html.escape(run.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
    html.append("<h1>Compliance report</h1><div class=\"muted\">Shakedown run ")
        .append(Html.escape(run.runId()))
        .append("</div>");
    ComplianceReport.Counts counts = report.counts();
    html.append("<div id=\"verdict\" class=\"banner ")
        .append(report.verdict())
        .append("\"><b>")
        .append(report.verdict().equals("NOT_TESTED") ? "NOT ALL TESTED" : report.verdict())
        .append("</b> &middot; ")
        .append(
            String.format(
                Locale.ROOT,
                "%d controls: %d passed, %d failed, %d waived, %d errors, %d not tested",
                counts.controls(),
                counts.passed(),
                counts.failed(),
                counts.waived(),
                counts.errors(),
                counts.notTested()))
        .append(notTested(report))
        .append("</div>");
    metadata(html, run);
    report.gameday().ifPresent(gameday -> gameday(html, gameday));
    matrix(html, report.controls());
    trend.ifPresent(window -> html.append(trend(window, report)));
    html.append("<h2>Scenarios and their evidence</h2>");
    for (ComplianceReport.ScenarioEntry entry : report.scenarios()) {
      scenario(html, entry);
    }
    html.append("<p class=\"muted\">Each file of this run folder is listed with its SHA-256 in ")
        .append("manifest.sha256; <code>shakedown verify ")
        .append(Html.escape(run.runId()))
        .append("</code> checks that none was changed.</p>");
    html.append("</body></html>\n");
    return html.toString();
  }

  /** The trend section; a trend that cannot be drawn is said, and costs the report nothing else. */
  private static String trend(TrendWindow window, ComplianceReport report) {
    try {
      return TrendHtml.render(window, RunSummaries.of(report));
    } catch (RuntimeException e) {
      return "<h2 id=\"trend\">Trend</h2><p class=\"message\" id=\"trend-unavailable\">No trend: "
          + Html.escape(String.valueOf(e.getMessage()))
          + "</p>";
    }
  }

  /** Who watched, and every note the room took, in order: the game day as it went. */
  private static void gameday(StringBuilder html, Gameday gameday) {
    html.append("<h2 id=\"gameday\">Game day</h2><dl class=\"meta\">");
    row(
        html,
        "Observers",
        gameday.observers().isEmpty() ? "(none named)" : String.join(", ", gameday.observers()));
    html.append("</dl>");
    if (gameday.notes().isEmpty()) {
      html.append("<p class=\"muted\">No note was taken.</p>");
      return;
    }
    html.append("<table id=\"notes\"><thead><tr><th>At</th><th>By</th><th>Note</th></tr></thead>")
        .append("<tbody>");
    for (Evidence.Note note : gameday.notes()) {
      html.append("<tr class=\"note\"><td>")
          .append(Html.escape(note.at().toString()))
          .append("</td><td>")
          .append(Html.escape(note.author()))
          .append("</td><td>")
          .append(Html.escape(note.text()))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void metadata(StringBuilder html, RunMetadata run) {
    html.append("<h2>Run</h2><dl class=\"meta\">");
    row(html, "Run id", run.runId());
    row(html, "Started", run.started().toString());
    row(html, "Finished", run.finished().toString());
    row(html, "Clouds", String.join(", ", run.clouds()));
    row(html, "Git commit", run.gitCommit().orElse("(not in a git checkout)"));
    row(html, "Operator", run.operator());
    row(html, "Shakedown", run.toolVersion());
    row(html, "Java, OS", run.javaVersion() + ", " + run.os());
    run.ci()
        .ifPresent(
            ci ->
                row(
                    html,
                    "CI build",
                    ci.name()
                        + " "
                        + ci.buildName()
                        + (ci.buildUrl() == null ? "" : " — " + ci.buildUrl())));
    html.append("</dl>");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<dt>")
        .append(Html.escape(name))
        .append("</dt><dd>")
        .append(Html.escape(value))
        .append("</dd>");
  }

  private static void matrix(StringBuilder html, List<ComplianceReport.ControlRow> controls) {
    html.append("<h2>Controls</h2><table id=\"control-matrix\"><thead><tr>")
        .append("<th>Control</th><th>Framework</th><th>Severity</th><th>Verdict</th>")
        .append("<th>Scenarios</th><th>Waiver</th></tr></thead><tbody>");
    for (ComplianceReport.ControlRow control : controls) {
      html.append("<tr class=\"control\" data-control=\"")
          .append(Html.escape(control.id()))
          .append("\"><td><b>")
          .append(Html.escape(control.id()))
          .append("</b><br><span class=\"muted\">")
          .append(Html.escape(control.title()))
          .append("</span></td><td>")
          .append(Html.escape(control.framework()))
          .append("</td><td>")
          .append(Html.escape(control.severity()))
          .append("</td><td>")
          .append(badge(control.verdict().name()))
          .append("</td><td>");
      if (control.scenarios().isEmpty()) {
        html.append("<span class=\"muted\">none ran</span>");
      }
      for (ComplianceReport.ScenarioRef scenario : control.scenarios()) {
        html.append(badge(scenario.verdict()))
            .append(" <a href=\"#")
            .append(anchor(scenario.location()))
            .append("\">")
            .append(Html.escape(scenario.name()))
            .append("</a><br>");
      }
      html.append("</td><td>");
      control
          .waiver()
          .ifPresent(
              w ->
                  html.append(w.valid() ? "until " : "<b>expired</b> ")
                      .append(w.expires())
                      .append(", ")
                      .append(Html.escape(w.approver()))
                      .append(": ")
                      .append(Html.escape(w.justification())));
      html.append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void scenario(StringBuilder html, ComplianceReport.ScenarioEntry entry) {
    ScenarioResult result = entry.result();
    html.append("<h3 id=\"")
        .append(anchor(result.location()))
        .append("\">")
        .append(badge(result.verdict()))
        .append(" ")
        .append(Html.escape(result.name()))
        .append("</h3><div class=\"muted\">")
        .append(Html.escape(result.location()))
        .append(" &middot; ")
        .append(Html.escape(String.join(" ", result.tags())))
        .append(" &middot; ")
        .append(String.format(Locale.ROOT, "%.1f s", result.durationMillis() / 1000.0))
        .append("</div>");
    if (!result.message().isEmpty()) {
      html.append("<pre class=\"message\">").append(Html.escape(result.message())).append("</pre>");
    }
    if (entry.evidence().isEmpty()) {
      return;
    }
    Evidence.Record evidence = entry.evidence().get();
    for (Evidence.Timeline timeline : evidence.timelines()) {
      html.append("<div class=\"legend\"><b>")
          .append(Html.escape(timeline.name()))
          .append(
              "</b> <span><i class=\"sw\" style=\"background:#2e7d32\"></i>success per second</span>")
          .append("<span><i class=\"sw\" style=\"background:#1e63c6\"></i>p99 latency</span>")
          .append(
              "<span><i class=\"sw\" style=\"background:#f3c1bf;height:10px\"></i>fault</span>"
                  + (evidence.notes().isEmpty()
                      ? ""
                      : "<span><i class=\"sw\" style=\"background:#f9a825\"></i>note</span>")
                  + "</div>")
          .append(Svg.timeline(timeline, evidence.faults(), evidence.notes()));
    }
    if (!evidence.faults().isEmpty()) {
      html.append(
          "<table><thead><tr><th>Fault</th><th>From</th><th>Until</th></tr></thead><tbody>");
      for (Evidence.Fault fault : evidence.faults()) {
        html.append("<tr><td>")
            .append(Html.escape(fault.what()))
            .append("</td><td>")
            .append(offset(evidence.started(), fault.from()))
            .append("</td><td>")
            .append(offset(evidence.started(), fault.until()))
            .append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
    if (!evidence.measurements().isEmpty()) {
      html.append("<table><thead><tr><th>Measured</th><th>Value</th></tr></thead><tbody>");
      for (Evidence.Measurement m : evidence.measurements()) {
        html.append("<tr><td>")
            .append(Html.escape(m.name()))
            .append("</td><td>")
            .append(Html.escape(number(m.value()) + " " + m.unit()))
            .append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
    if (!evidence.notes().isEmpty()) {
      html.append("<table class=\"notes\"><thead><tr><th>Note</th><th>At</th><th>By</th></tr>")
          .append("</thead><tbody>");
      for (Evidence.Note note : evidence.notes()) {
        html.append("<tr><td>")
            .append(Html.escape(note.text()))
            .append("</td><td>")
            .append(offset(evidence.started(), note.at()))
            .append("</td><td>")
            .append(Html.escape(note.author()))
            .append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
    if (!evidence.events().isEmpty()) {
      html.append("<details><summary>")
          .append(evidence.events().size())
          .append(" events</summary><table><tbody>");
      for (Evidence.Event event : evidence.events()) {
        html.append("<tr><td>")
            .append(offset(evidence.started(), event.at()))
            .append("</td><td>")
            .append(Html.escape(event.what()))
            .append("</td></tr>");
      }
      html.append("</tbody></table></details>");
    }
  }

  /** The controls no scenario of the run tested, named in the headline. */
  private static String notTested(ComplianceReport report) {
    List<String> ids =
        report.controls().stream()
            .filter(c -> c.verdict() == ComplianceReport.Verdict.NOT_TESTED)
            .map(ComplianceReport.ControlRow::id)
            .toList();
    return ids.isEmpty() ? "" : " &middot; not tested: " + Html.escape(String.join(", ", ids));
  }

  private static String badge(String verdict) {
    return "<span class=\"v "
        + Html.escape(verdict)
        + "\">"
        + Html.escape(verdict.replace('_', ' '))
        + "</span>";
  }

  private static String anchor(String location) {
    return "s-" + location.replaceAll("[^A-Za-z0-9]+", "-");
  }

  private static String offset(Instant start, Instant at) {
    return String.format(Locale.ROOT, "+%.1f s", Duration.between(start, at).toMillis() / 1000.0);
  }

  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%,.2f", value);
  }
}
