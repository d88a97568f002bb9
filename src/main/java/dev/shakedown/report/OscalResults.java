package dev.shakedown.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shakedown.evidence.Evidence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code compliance.oscal.json}: the run as an OSCAL 1.1.3 assessment-results document, for the
 * auditors' tools. One result for the run; the catalogue's controls as its reviewed controls; an
 * observation (method TEST) for every measurement of every scenario, with the scenario's evidence
 * file as a back-matter resource carrying its SHA-256; a finding per control, satisfied when it
 * passed and not satisfied otherwise, the reason and any waiver in its remarks.
 *
 * <p>Its UUIDs are version 5 (name-based, which OSCAL allows beside random ones), named by the run
 * id and the thing they name: the same run folder makes the same document, byte for byte, as the
 * other reports do.
 */
public final class OscalResults {
  public static final String FILE = "compliance.oscal.json";
  static final String OSCAL_VERSION = "1.1.3";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private OscalResults() {}

  public static ObjectNode build(ComplianceReport report, Path directory) {
    RunMetadata run = report.run();
    Names names = new Names(run.runId() + " " + run.started());
    Map<String, EvidenceFile> files = evidenceFiles(directory);

    ObjectNode results = JSON.objectNode();
    results.put("uuid", names.uuid("assessment-results"));
    ObjectNode metadata = results.putObject("metadata");
    metadata.put("title", "Shakedown run " + run.runId());
    metadata.put("last-modified", time(run.finished()));
    metadata.put("version", run.runId());
    metadata.put("oscal-version", OSCAL_VERSION);
    ArrayNode props = metadata.putArray("props");
    prop(props, "tool-version", run.toolVersion());
    run.gitCommit().ifPresent(commit -> prop(props, "git-commit", commit));
    prop(props, "operator", run.operator().isBlank() ? "unknown" : run.operator());
    // No OSCAL assessment plan exists for a run: its plan is run.json (features, clouds, control
    // catalogue), named as a back-matter resource, which OSCAL allows an import to point at.
    String planUuid = names.uuid("plan");
    ObjectNode plan = results.putObject("import-ap");
    plan.put("href", "#" + planUuid);
    plan.put(
        "remarks",
        "The run's own plan, not an OSCAL assessment plan: the feature files, clouds and control"
            + " catalogue it ran with, in run.json beside this document.");

    ObjectNode result = results.putArray("results").addObject();
    result.put("uuid", names.uuid("result"));
    result.put("title", "Shakedown run " + run.runId());
    result.put(
        "description",
        String.format(
            Locale.ROOT,
            "%s: %d controls, %d passed, %d failed, %d waived, %d errors, %d not tested.",
            report.verdict(),
            report.counts().controls(),
            report.counts().passed(),
            report.counts().failed(),
            report.counts().waived(),
            report.counts().errors(),
            report.counts().notTested()));
    result.put("start", time(run.started()));
    result.put("end", time(run.finished()));
    ObjectNode selection =
        result.putObject("reviewed-controls").putArray("control-selections").addObject();
    if (report.controls().isEmpty()) {
      selection.putObject("include-all"); // no catalogue and no tag: nothing narrower to name
    } else {
      ArrayNode include = selection.putArray("include-controls");
      report.controls().forEach(row -> include.addObject().put("control-id", token(row.id())));
    }

    Map<String, List<String>> observationsByScenario = new LinkedHashMap<>();
    ArrayNode observations = JSON.arrayNode();
    ArrayNode resources = JSON.arrayNode();
    ObjectNode planResource = resources.addObject();
    planResource.put("uuid", planUuid);
    planResource.put("title", "The run's plan: features, clouds and control catalogue");
    ObjectNode planLink = planResource.putArray("rlinks").addObject();
    planLink.put("href", "run.json");
    planLink.put("media-type", "application/json");
    for (ComplianceReport.ScenarioEntry entry : report.scenarios()) {
      if (entry.evidence().isEmpty()) {
        continue;
      }
      Evidence.Record evidence = entry.evidence().get();
      EvidenceFile file = files.get(evidence.location());
      String resource = names.uuid("evidence " + evidence.location());
      if (file != null) {
        ObjectNode item = resources.addObject();
        item.put("uuid", resource);
        item.put("title", line("Evidence of " + evidence.scenario()));
        ObjectNode link = item.putArray("rlinks").addObject();
        link.put("href", file.path());
        link.put("media-type", "application/json");
        ObjectNode hash = link.putArray("hashes").addObject();
        hash.put("algorithm", "SHA-256");
        hash.put("value", file.sha256());
      }
      List<String> uuids = new ArrayList<>();
      int index = 0;
      for (Evidence.Measurement measurement : evidence.measurements()) {
        String uuid = names.uuid("observation " + evidence.location() + " " + index++);
        uuids.add(uuid);
        ObjectNode observation = observations.addObject();
        observation.put("uuid", uuid);
        observation.put("title", line(measurement.name()));
        observation.put(
            "description",
            evidence.scenario()
                + ": "
                + measurement.name()
                + " = "
                + number(measurement.value())
                + (measurement.unit() == null || measurement.unit().isEmpty()
                    ? ""
                    : " " + measurement.unit()));
        observation.putArray("methods").add("TEST");
        observation.put("collected", time(measurement.at()));
        if (file != null) {
          ObjectNode relevant = observation.putArray("relevant-evidence").addObject();
          relevant.put("href", "#" + resource);
          relevant.put("description", "The scenario's evidence file, " + file.path());
        }
      }
      observationsByScenario.put(evidence.location(), uuids);
    }
    if (!observations.isEmpty()) {
      result.set("observations", observations);
    }

    ArrayNode findings = JSON.arrayNode();
    for (ComplianceReport.ControlRow row : report.controls()) {
      ObjectNode finding = findings.addObject();
      finding.put("uuid", names.uuid("finding " + row.id()));
      finding.put("title", line(row.id() + ": " + row.title()));
      finding.put("description", description(row));
      ObjectNode target = finding.putObject("target");
      // The whole control, by its statement, as OSCAL names it: <control>_smt.
      target.put("type", "statement-id");
      target.put("target-id", token(row.id()) + "_smt");
      if (!token(row.id()).equals(row.id())) {
        prop(finding.putArray("props"), "control-id", row.id());
      }
      ObjectNode status = target.putObject("status");
      boolean satisfied = row.verdict() == ComplianceReport.Verdict.PASSED;
      status.put("state", satisfied ? "satisfied" : "not-satisfied");
      status.put(
          "reason",
          switch (row.verdict()) {
            case PASSED -> "pass";
            case FAILED, WAIVED -> "fail";
            case ERROR, NOT_TESTED -> "other";
          });
      List<String> related = new ArrayList<>();
      row.scenarios()
          .forEach(
              s -> related.addAll(observationsByScenario.getOrDefault(s.location(), List.of())));
      if (!related.isEmpty()) {
        ArrayNode links = finding.putArray("related-observations");
        related.forEach(uuid -> links.addObject().put("observation-uuid", uuid));
      }
      row.waiver()
          .ifPresent(
              waiver ->
                  finding.put(
                      "remarks",
                      (waiver.valid() ? "Waived" : "A waiver expired")
                          + ": "
                          + sentence(waiver.justification())
                          + " Approved by "
                          + waiver.approver()
                          + ", "
                          + (waiver.valid() ? "valid through " : "expired after ")
                          + waiver.expires()
                          + "."));
    }
    if (!findings.isEmpty()) {
      result.set("findings", findings);
    }
    if (!resources.isEmpty()) {
      results.putObject("back-matter").set("resources", resources);
    }
    ObjectNode document = JSON.objectNode();
    document.set("assessment-results", results);
    return document;
  }

  private static String description(ComplianceReport.ControlRow row) {
    String verdict = row.verdict().name().replace('_', ' ');
    if (row.scenarios().isEmpty()) {
      return verdict + ": no scenario of this run tested it.";
    }
    StringBuilder text = new StringBuilder(verdict).append(", by ");
    for (int i = 0; i < row.scenarios().size(); i++) {
      ComplianceReport.ScenarioRef scenario = row.scenarios().get(i);
      text.append(i == 0 ? "" : "; ")
          .append(scenario.name())
          .append(" (")
          .append(scenario.location())
          .append(", ")
          .append(scenario.verdict())
          .append(')');
    }
    return text.append('.').toString();
  }

  /**
   * A control id as an OSCAL token (an XML NCName: a letter or _ first, then letters, digits, ., -
   * and _): {@code AC-2(1)} becomes {@code AC-2_1_}; the id as the catalogue has it goes in a prop.
   */
  static String token(String id) {
    String token = id.replaceAll("[^\\p{L}\\p{N}._-]", "_");
    return token.isEmpty() || !token.substring(0, 1).matches("[\\p{L}_]") ? "_" + token : token;
  }

  /** One line, as OSCAL's markup-line fields (titles) are: a catalogue title may span several. */
  private static String line(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String sentence(String text) {
    String trimmed = text.strip();
    return trimmed.matches(".*[.!?]$") ? trimmed : trimmed + ".";
  }

  private static void prop(ArrayNode props, String name, String value) {
    ObjectNode prop = props.addObject();
    prop.put("name", name);
    prop.put("ns", "https://shakedown.dev/ns/oscal");
    prop.put("value", value);
  }

  private static String time(Instant at) {
    return TIME.format(at);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value);
  }

  private record EvidenceFile(String path, String sha256) {}

  /** Each evidence file of the folder by the location of its scenario, with its SHA-256. */
  private static Map<String, EvidenceFile> evidenceFiles(Path directory) {
    Map<String, EvidenceFile> files = new LinkedHashMap<>();
    Path folder = directory.resolve("evidence");
    if (!Files.isDirectory(folder)) {
      return files;
    }
    try (Stream<Path> listed = Files.list(folder)) {
      for (Path file : listed.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        Evidence.Record record = RunRecord.JSON.readValue(file.toFile(), Evidence.Record.class);
        files.put(
            record.location(),
            new EvidenceFile("evidence/" + file.getFileName(), Manifest.sha256(file)));
      }
    } catch (IOException e) {
      throw new ReportException("cannot read the evidence in " + folder + ": " + e.getMessage());
    }
    return files;
  }

  /** Version 5 UUIDs (RFC 4122, SHA-1) in a namespace of the run's own. */
  static final class Names {
    private final byte[] namespace;

    Names(String runId) {
      this.namespace = bytes(v5(URL_NAMESPACE, "https://shakedown.dev/runs/" + runId));
    }

    String uuid(String name) {
      return v5(namespace, name).toString();
    }

    private static final byte[] URL_NAMESPACE =
        bytes(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));

    static UUID v5(byte[] namespace, String name) {
      try {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(namespace);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 4122 variant
        ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-1", e);
      }
    }

    private static byte[] bytes(UUID uuid) {
      return ByteBuffer.allocate(16)
          .putLong(uuid.getMostSignificantBits())
          .putLong(uuid.getLeastSignificantBits())
          .array();
    }
  }
}
