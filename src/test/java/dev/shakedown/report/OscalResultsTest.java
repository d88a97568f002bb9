package dev.shakedown.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import dev.shakedown.config.ControlsFile.Control;
import dev.shakedown.config.ControlsFile.Severity;
import dev.shakedown.config.ControlsFile.Waiver;
import dev.shakedown.config.Redactor;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.testing.OscalSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compliance.oscal.json against NIST's OSCAL 1.1.3 assessment-results JSON schema, as the build
 * unpacked it from liboscal-java (target/oscal), checked by a JSON schema validator.
 */
class OscalResultsTest {
  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-27T10:05:00Z");

  @TempDir Path folder;

  @BeforeEach
  void run() throws Exception {
    new RunRecord(
            RunRecord.SCHEMA_VERSION,
            new RunMetadata(
                "20261127T100000Z-abcdef",
                START,
                END,
                "0.1.0",
                Optional.of("0123456789abcdef0123456789abcdef01234567"),
                "auditor",
                List.of("cloud-a"),
                "17",
                "Linux",
                Optional.empty()),
            List.of(
                new ScenarioResult(
                    "Strong TLS",
                    "features/compliance/controls.feature:5",
                    List.of("@control:PCI-DSS-4.2.1"),
                    "FAILED",
                    "the public endpoint accepted TLS 1.0",
                    1200),
                new ScenarioResult(
                    "Labels",
                    "features/compliance/controls.feature:9",
                    List.of("@control:SOC2-CC7.2"),
                    "FAILED",
                    "3 instances lack the label owner",
                    800),
                new ScenarioResult(
                    "Backups",
                    "features/backup/backup.feature:6",
                    List.of("@control:SOC2-A1.2"),
                    "PASSED",
                    "",
                    900)),
            Map.of(
                "PCI-DSS-4.2.1", new Control("Strong TLS", "PCI DSS 4.0", Severity.HIGH),
                "SOC2-CC7.2", new Control("Monitoring", "SOC 2", Severity.MEDIUM),
                "SOC2-A1.2", new Control("Recovery", "SOC 2", Severity.HIGH),
                "ISO27001-A.8.13", new Control("Backup", "ISO 27001", Severity.HIGH)),
            List.of(
                new Waiver(
                    "SOC2-CC7.2",
                    "labels come with the migration",
                    "jane@example.org",
                    LocalDate.parse("2027-03-31"))))
        .write(folder, new Redactor());
    Path evidence = Files.createDirectories(folder.resolve("evidence"));
    write(
        evidence.resolve("001-strong-tls.json"),
        "Strong TLS",
        "features/compliance/controls.feature:5",
        List.of(new Evidence.Measurement(START.plusSeconds(3), "TLS 1.0 accepted", 1, "")));
    write(
        evidence.resolve("002-backups.json"),
        "Backups",
        "features/backup/backup.feature:6",
        List.of(
            new Evidence.Measurement(START.plusSeconds(60), "latest backup age", 12.5, "s"),
            new Evidence.Measurement(START.plusSeconds(61), "backups kept", 10, "")));
  }

  private static void write(
      Path file, String scenario, String location, List<Evidence.Measurement> m) throws Exception {
    Files.writeString(
        file,
        RunRecord.JSON.writeValueAsString(
            new Evidence.Record(
                scenario, location, List.of(), "PASSED", START, END, m, List.of(), List.of(),
                List.of(), List.of())));
  }

  private JsonNode written() throws Exception {
    ComplianceReports.write(folder);
    return RunRecord.JSON.readTree(folder.resolve(OscalResults.FILE).toFile());
  }

  @Test
  void should_write_a_document_the_oscal_schema_accepts() throws Exception {
    JsonNode document = written();

    List<Error> errors = OscalSchema.validate(document);

    assertThat(errors).as(errors.toString()).isEmpty();
    assertThat(document.at("/assessment-results/metadata/oscal-version").asText())
        .isEqualTo("1.1.3");
  }

  @Test
  void should_catch_a_finding_without_its_target() throws Exception {
    ObjectNode document = (ObjectNode) written();
    ((ObjectNode) document.at("/assessment-results/results/0/findings/0")).remove("target");

    List<Error> errors = OscalSchema.validate(document);

    assertThat(errors).isNotEmpty();
    assertThat(errors.toString()).contains("target");
  }

  @Test
  void should_catch_a_uuid_that_is_not_one() throws Exception {
    ObjectNode document = (ObjectNode) written();
    ((ObjectNode) document.at("/assessment-results")).put("uuid", "run-20261127");

    assertThat(OscalSchema.validate(document)).isNotEmpty();
  }

  @Test
  void should_observe_every_measurement_with_its_evidence_file_and_that_file_s_sha256()
      throws Exception {
    JsonNode result = written().at("/assessment-results/results/0");

    JsonNode observations = result.get("observations");
    assertThat(observations).hasSize(3);
    assertThat(observations.get(0).get("methods").get(0).asText()).isEqualTo("TEST");
    assertThat(observations.get(0).get("collected").asText()).isEqualTo("2026-11-27T10:00:03.000Z");
    assertThat(observations.get(1).get("description").asText())
        .isEqualTo("Backups: latest backup age = 12.500 s");
    String href = observations.get(1).at("/relevant-evidence/0/href").asText();
    JsonNode resource = null;
    for (JsonNode candidate : written().at("/assessment-results/back-matter/resources")) {
      if (("#" + candidate.get("uuid").asText()).equals(href)) {
        resource = candidate;
      }
    }
    assertThat(resource).as("the back-matter resource " + href).isNotNull();
    assertThat(resource.at("/rlinks/0/href").asText()).isEqualTo("evidence/002-backups.json");
    byte[] bytes = Files.readAllBytes(folder.resolve("evidence/002-backups.json"));
    assertThat(resource.at("/rlinks/0/hashes/0/value").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void should_find_for_each_control_satisfied_or_not_with_its_reason_and_waiver() throws Exception {
    JsonNode findings = written().at("/assessment-results/results/0/findings");

    assertThat(findings).hasSize(4);
    Map<String, JsonNode> byControl = new java.util.TreeMap<>();
    findings.forEach(
        f -> byControl.put(f.at("/target/target-id").asText().replaceFirst("_smt$", ""), f));
    assertThat(byControl.get("SOC2-A1.2").at("/target/status/state").asText())
        .isEqualTo("satisfied");
    assertThat(byControl.get("PCI-DSS-4.2.1").at("/target/status/state").asText())
        .isEqualTo("not-satisfied");
    assertThat(byControl.get("PCI-DSS-4.2.1").at("/target/status/reason").asText())
        .isEqualTo("fail");
    assertThat(byControl.get("ISO27001-A.8.13").at("/target/status/reason").asText())
        .isEqualTo("other");
    assertThat(byControl.get("ISO27001-A.8.13").get("description").asText())
        .isEqualTo("NOT TESTED: no scenario of this run tested it.");
    assertThat(byControl.get("SOC2-CC7.2").at("/target/status/state").asText())
        .isEqualTo("not-satisfied");
    assertThat(byControl.get("SOC2-CC7.2").get("remarks").asText())
        .isEqualTo(
            "Waived: labels come with the migration. Approved by jane@example.org, valid through"
                + " 2027-03-31.");
    assertThat(byControl.get("PCI-DSS-4.2.1").get("related-observations")).hasSize(1);
  }

  @Test
  void should_name_things_with_version_5_uuids_of_the_run_as_rfc_4122_has_them() throws Exception {
    // uuid5(uuid5(NAMESPACE_URL, "https://shakedown.dev/runs/<run id> <started>"), name), as
    // Python's uuid module computes it.
    assertThat(written().at("/assessment-results/uuid").asText())
        .isEqualTo("79abf3da-10cd-54fa-97aa-2c357f6c8489");
  }

  @Test
  void should_keep_to_the_schema_whatever_the_catalogue_calls_its_controls(@TempDir Path other)
      throws Exception {
    new RunRecord(
            RunRecord.SCHEMA_VERSION,
            new RunMetadata(
                "20261127T100000Z-abcdef",
                START,
                END,
                "0.1.0",
                Optional.empty(),
                "",
                List.of("cloud-a"),
                "17",
                "Linux",
                Optional.empty()),
            List.of(
                new ScenarioResult(
                    "Accounts",
                    "features/compliance/controls.feature:5",
                    List.of("@control:AC-2(1)"),
                    "PASSED",
                    "",
                    100)),
            Map.of(
                "AC-2(1)",
                new Control("Automated account\n  management", "NIST 800-53", Severity.HIGH),
                "8.2.1",
                new Control("Unique user ids", "PCI DSS 4.0", Severity.HIGH)),
            List.of())
        .write(other, new Redactor());

    ComplianceReports.write(other);
    JsonNode document = RunRecord.JSON.readTree(other.resolve(OscalResults.FILE).toFile());

    assertThat(OscalSchema.validate(document)).isEmpty();
    JsonNode findings = document.at("/assessment-results/results/0/findings");
    assertThat(findings.findValuesAsText("target-id")).containsExactly("_8.2.1_smt", "AC-2_1__smt");
    assertThat(findings.get(1).at("/props/0/value").asText()).isEqualTo("AC-2(1)");
    assertThat(findings.get(1).get("title").asText())
        .isEqualTo("AC-2(1): Automated account management");
  }

  @Test
  void should_make_the_same_bytes_from_the_same_folder() throws Exception {
    written();
    byte[] first = Files.readAllBytes(folder.resolve(OscalResults.FILE));
    written();

    assertThat(Files.readAllBytes(folder.resolve(OscalResults.FILE))).isEqualTo(first);
  }
}
