package dev.shakedown.cli;

import dev.shakedown.config.Redactor;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.report.Html;
import dev.shakedown.runner.RunId;
import dev.shakedown.runner.RunListener;
import dev.shakedown.runner.RunStatus;
import dev.shakedown.runner.ScenarioOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the live page shows, kept from the run's events: the scenarios and how each stands, the step
 * running, the load's last progress line; rendered with what the run has applied and what the
 * probes answered lately, every string redacted with the config's secrets.
 */
final class LiveView implements RunListener {
  /** The probes the page's figures are of: the last few seconds, not the whole scenario. */
  static final Duration RECENT = Duration.ofSeconds(5);

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private record Scenario(String name, String location, String state, String message) {}

  private Redactor redactor = new Redactor();
  private String runId = "";
  private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
  private String step = "";
  private String progress = "";
  private volatile boolean ended;

  @Override
  public synchronized void secrets(Redactor redactor) {
    this.redactor = redactor;
  }

  @Override
  public synchronized void runStarted(RunId id, Path directory, int count) {
    runId = id.value();
  }

  @Override
  public synchronized void scenarioStarted(String name, String location) {
    scenarios.put(location, new Scenario(name, location, "RUNNING", ""));
    progress = "";
  }

  @Override
  public synchronized void scenarioFinished(ScenarioOutcome outcome) {
    scenarios.put(
        outcome.location(),
        new Scenario(
            outcome.name(), outcome.location(), outcome.verdict().name(), outcome.message()));
    step = "";
  }

  @Override
  public synchronized void stepStarted(String sentence) {
    step = sentence;
  }

  @Override
  public synchronized void progress(String line) {
    progress = line;
  }

  void ended() {
    ended = true;
  }

  boolean isEnded() {
    return ended;
  }

  /** The page's live part, one line of HTML (it travels as one server-sent event). */
  synchronized String html(Optional<RunStatus> status, List<Evidence.Note> notes, Instant now) {
    StringBuilder html = new StringBuilder();
    html.append("<div class=\"head\"><b>Run ")
        .append(text(runId))
        .append("</b> <span class=\"state\">")
        .append(ended ? "ended" : status.isPresent() ? "running" : "starting")
        .append("</span> <span class=\"muted\">at ")
        .append(CLOCK.format(now))
        .append("</span></div>");
    Optional<dev.shakedown.traffic.ProbeSample> probes = status.flatMap(RunStatus::probes);
    html.append("<div class=\"figures\">");
    figure(
        html,
        "success",
        "success rate, last " + RECENT.toSeconds() + " s",
        probes
            .filter(p -> p.total() > 0)
            .map(p -> String.format(Locale.ROOT, "%.1f%%", p.successRate().percent()))
            .orElse("–"),
        probes
            .map(
                p ->
                    p.total()
                        + " answered, "
                        + status.get().probesInFlight()
                        + " in flight (counted once answered or timed out)")
            .orElse("no probe running"));
    figure(
        html,
        "p99",
        "p99 latency, last " + RECENT.toSeconds() + " s",
        probes
            .filter(p -> p.succeeded() > 0)
            .map(p -> p.latencyPercentile(99).toMillis() + " ms")
            .orElse("–"),
        "of the probes that succeeded");
    html.append("</div>");
    html.append("<h2>Now</h2><div id=\"step\">")
        .append(step.isEmpty() ? "<span class=\"muted\">between steps</span>" : text(step))
        .append("</div><div id=\"load\" class=\"mono\">")
        .append(progress.isEmpty() ? "" : text(progress))
        .append("</div>");
    html.append("<h2>Applied</h2><ul id=\"faults\">");
    List<RunStatus.Applied> applied = status.map(RunStatus::applied).orElse(List.of());
    if (applied.isEmpty()) {
      html.append("<li class=\"muted\">nothing</li>");
    }
    for (RunStatus.Applied fault : applied) {
      html.append("<li class=\"fault\">")
          .append(text(fault.what()))
          .append(" <span class=\"muted\">for ")
          .append(Duration.between(fault.since(), now).toSeconds())
          .append(" s</span></li>");
    }
    html.append("</ul><h2>Scenarios</h2><table id=\"scenarios\"><tbody>");
    for (Scenario scenario : scenarios.values()) {
      html.append("<tr><td><span class=\"v ")
          .append(scenario.state())
          .append("\">")
          .append(scenario.state())
          .append("</span></td><td>")
          .append(text(scenario.name()))
          .append(" <span class=\"muted\">")
          .append(text(scenario.location()))
          .append("</span>")
          .append(
              scenario.message().isEmpty()
                  ? ""
                  : "<div class=\"muted\">" + text(firstLine(scenario.message())) + "</div>")
          .append("</td></tr>");
    }
    html.append("</tbody></table><h2>Notes</h2><ul id=\"notes\">");
    if (notes.isEmpty()) {
      html.append("<li class=\"muted\">none yet</li>");
    }
    for (Evidence.Note note : notes) {
      html.append("<li>")
          .append(CLOCK.format(note.at()))
          .append(" ")
          .append(text(note.author()))
          .append(": ")
          .append(text(note.text()))
          .append("</li>");
    }
    return html.append("</ul>").toString();
  }

  private void figure(StringBuilder html, String id, String label, String value, String under) {
    html.append("<div class=\"figure\"><div class=\"label\">")
        .append(text(label))
        .append("</div><div class=\"value\" id=\"")
        .append(id)
        .append("\">")
        .append(text(value))
        .append("</div><div class=\"muted\">")
        .append(text(under))
        .append("</div></div>");
  }

  /** Redacted, escaped, and on one line. */
  private String text(String raw) {
    return Html.escape(redactor.redact(raw)).replace('\n', ' ').replace('\r', ' ');
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse("");
  }
}
