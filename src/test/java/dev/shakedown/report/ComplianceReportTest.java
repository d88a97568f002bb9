package dev.shakedown.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.config.ControlsFile;
import dev.shakedown.config.ControlsFile.Control;
import dev.shakedown.config.ControlsFile.Severity;
import dev.shakedown.config.ControlsFile.Waiver;
import dev.shakedown.evidence.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceReportTest {
  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-27T10:05:00Z");
  private static final LocalDate RUN_DAY = LocalDate.parse("2026-11-27");

  @TempDir Path folder;

  private static RunMetadata metadata() {
    return new RunMetadata(
        "20261127T100000Z-abcdef",
        START,
        END,
        "0.1.0",
        Optional.of("0123456789abcdef0123456789abcdef01234567"),
        "auditor",
        List.of("cloud-a", "cloud-b"),
        "17",
        "Linux",
        Optional.empty());
  }

  private static ScenarioResult scenario(String name, int line, String verdict, String... tags) {
    return new ScenarioResult(
        name,
        "features/compliance/controls.feature:" + line,
        List.of(tags),
        verdict,
        verdict.equals("PASSED") ? "" : "the public endpoint accepted TLS 1.0",
        1200);
  }

  private static final Map<String, Control> CATALOGUE =
      Map.of(
          "PCI-DSS-4.2.1", new Control("Strong TLS", "PCI DSS 4.0", Severity.HIGH),
          "SOC2-CC7.2", new Control("Monitoring", "SOC 2", Severity.MEDIUM),
          "SOC2-A1.2", new Control("Recovery", "SOC 2", Severity.HIGH),
          "ISO27001-A.8.13", new Control("Backup", "ISO 27001", Severity.HIGH));

  private RunRecord record(List<Waiver> waivers) {
    return new RunRecord(
        RunRecord.SCHEMA_VERSION,
        metadata(),
        List.of(
            scenario("Strong TLS", 5, "FAILED", "@compliance", "@control:PCI-DSS-4.2.1"),
            scenario("Labels", 9, "FAILED", "@control:SOC2-CC7.2"),
            scenario("Spread", 13, "PASSED", "@control:SOC2-A1.2")),
        CATALOGUE,
        waivers);
  }

  @Test
  void should_give_every_control_of_the_catalogue_a_verdict_from_its_scenarios_and_waivers() {
    ComplianceReport report =
        ComplianceReport.build(
            record(
                List.of(
                    new Waiver("SOC2-CC7.2", "labels come with the migration", "jane", RUN_DAY),
                    new Waiver("PCI-DSS-4.2.1", "old clients", "joe", RUN_DAY.minusDays(1)))),
            List.of());

    assertThat(report.controls())
        .extracting(ComplianceReport.ControlRow::id, ComplianceReport.ControlRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ISO27001-A.8.13", ComplianceReport.Verdict.NOT_TESTED),
            org.assertj.core.groups.Tuple.tuple("PCI-DSS-4.2.1", ComplianceReport.Verdict.FAILED),
            org.assertj.core.groups.Tuple.tuple("SOC2-A1.2", ComplianceReport.Verdict.PASSED),
            // Valid through its expiry day: the run's day.
            org.assertj.core.groups.Tuple.tuple("SOC2-CC7.2", ComplianceReport.Verdict.WAIVED));
    // An expired waiver is shown, and no longer waives.
    assertThat(report.controls().get(1).waiver()).get().extracting(w -> w.valid()).isEqualTo(false);
    assertThat(report.verdict()).isEqualTo("FAILED");
    assertThat(report.counts()).isEqualTo(new ComplianceReport.Counts(4, 1, 1, 1, 0, 1));
  }

  @Test
  void should_say_in_the_headline_when_a_control_of_the_catalogue_was_not_tested() {
    RunRecord record =
        new RunRecord(
            RunRecord.SCHEMA_VERSION,
            metadata(),
            List.of(scenario("Spread", 13, "PASSED", "@control:SOC2-A1.2")),
            CATALOGUE,
            List.of());

    ComplianceReport report = ComplianceReport.build(record, List.of());

    assertThat(report.verdict()).isEqualTo("NOT_TESTED");
    assertThat(report.counts().notTested()).isEqualTo(3);
    assertThat(ComplianceHtml.render(report, java.util.Optional.empty()))
        .contains(
            "<b>NOT ALL TESTED</b> &middot; 4 controls: 1 passed, 0 failed, 0 waived, 0 errors, 3 not"
                + " tested &middot; not tested: ISO27001-A.8.13, PCI-DSS-4.2.1, SOC2-CC7.2");
  }

  @Test
  void should_write_a_self_contained_report_and_make_the_same_bytes_again() throws Exception {
    record(List.of()).write(folder, new dev.shakedown.config.Redactor());
    Path evidence = Files.createDirectories(folder.resolve("evidence"));
    Evidence.Record scenarioEvidence =
        new Evidence.Record(
            "Strong TLS",
            "features/compliance/controls.feature:5",
            List.of("@control:PCI-DSS-4.2.1"),
            "FAILED",
            START,
            END,
            List.of(new Evidence.Measurement(START, "TLS 1.0 accepted", 1, "")),
            List.of(new Evidence.Event(START, "handshake <TLSv1> accepted")),
            List.of(
                new Evidence.Timeline(
                    "probes of the deployment",
                    List.of(
                        new Evidence.Second(START, 20, 20, 12.5),
                        new Evidence.Second(START.plusSeconds(1), 20, 10, 800)))),
            List.of(new Evidence.Fault("killing cloud-a/cloud-a-1", START, START.plusSeconds(1))),
            List.of());
    Files.writeString(
        evidence.resolve("001-strong-tls.json"),
        RunRecord.JSON.writeValueAsString(scenarioEvidence));

    ComplianceReports.write(folder);
    String html = Files.readString(folder.resolve("compliance.html"));
    byte[] json = Files.readAllBytes(folder.resolve("compliance.json"));
    ComplianceReports.write(folder);

    assertThat(Files.readAllBytes(folder.resolve("compliance.json"))).isEqualTo(json);
    assertThat(Files.readString(folder.resolve("compliance.html"))).isEqualTo(html);
    assertThat(html)
        .contains("id=\"control-matrix\"")
        .contains("data-control=\"PCI-DSS-4.2.1\"")
        .contains("the public endpoint accepted TLS 1.0")
        .contains("handshake &lt;TLSv1&gt; accepted") // escaped
        .contains("<svg class=\"timeline\"")
        .contains("class=\"fault\"")
        .contains("0123456789abcdef0123456789abcdef01234567");
    // Nothing that a browser would fetch: no scheme anywhere, no src, no url().
    assertThat(html).doesNotContainPattern("(?i)https?://|\\ssrc=|url\\(|@import");
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"schemaVersion\" : 1")
        .contains("\"verdict\" : \"FAILED\"");
  }

  @Test
  void should_name_each_changed_missing_and_added_file() throws Exception {
    Files.writeString(Files.createDirectories(folder.resolve("evidence")).resolve("a.json"), "{}");
    Files.writeString(folder.resolve("junit.xml"), "<testsuite/>");
    Files.writeString(folder.resolve("run.json"), "{}");
    Manifest.write(folder);
    assertThat(Manifest.verify(folder)).isEmpty();

    Path evidence = folder.resolve("evidence/a.json");
    byte[] bytes = Files.readAllBytes(evidence);
    bytes[0] ^= 1; // one bit of one byte
    Files.write(evidence, bytes);
    Files.delete(folder.resolve("junit.xml"));
    Files.writeString(folder.resolve("extra.txt"), "slipped in");

    assertThat(Manifest.verify(folder))
        .containsExactly("changed: evidence/a.json", "missing: junit.xml", "added: extra.txt");
  }

  @Test
  void should_refuse_a_folder_without_a_manifest() {
    assertThatThrownBy(() -> Manifest.verify(folder))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("has no manifest.sha256");
  }

  @Test
  void should_accept_a_waiver_through_its_expiry_day_only() {
    Waiver waiver = new Waiver("X-1", "why", "who", RUN_DAY);
    assertThat(waiver.validOn(RUN_DAY)).isTrue();
    assertThat(waiver.validOn(RUN_DAY.plusDays(1))).isFalse();
    assertThat(new ControlsFile(null, null).controls()).isEmpty();
  }
}
