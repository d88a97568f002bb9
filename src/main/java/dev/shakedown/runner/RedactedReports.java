package dev.shakedown.runner;

import dev.shakedown.report.AllureResults;
import io.cucumber.core.plugin.HtmlFormatter;
import io.cucumber.core.plugin.JUnitFormatter;
import io.cucumber.core.plugin.JsonFormatter;
import io.cucumber.core.plugin.MessageFormatter;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run's report plugins (JUnit XML, Cucumber messages, HTML and JSON, Allure) behind one
 * redacting event bus: each is given Cucumber's events with every secret of the config blanked, so
 * a secret in a step's error never reaches a report file. A Shakedown plugin: it runs only under
 * {@link ShakedownRunner}, which names the run folder as its argument.
 */
public final class RedactedReports implements ConcurrentEventListener {
  private final List<ConcurrentEventListener> reports;
  private final dev.shakedown.config.Redactor redactor;

  public RedactedReports(String directory) throws IOException {
    Path folder = Path.of(directory);
    this.redactor = ActiveRun.observations().redactor();
    this.reports =
        List.of(
            new JUnitFormatter(open(folder.resolve("junit.xml"))),
            new MessageFormatter(open(folder.resolve("cucumber.ndjson"))),
            new HtmlFormatter(open(folder.resolve("cucumber.html"))),
            new JsonFormatter(open(folder.resolve("cucumber.json"))),
            new AllureResults(folder.resolve("allure-results").toString()));
  }

  private static OutputStream open(Path file) throws IOException {
    // Each formatter closes its stream when the run finishes.
    return new BufferedOutputStream(Files.newOutputStream(file));
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    EventPublisher redacted = new RedactingPublisher(publisher, redactor);
    reports.forEach(report -> report.setEventPublisher(redacted));
  }
}
