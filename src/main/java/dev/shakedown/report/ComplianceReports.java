package dev.shakedown.report;

import dev.shakedown.evidence.Evidence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code compliance.json}, {@code compliance.html} and {@code compliance.oscal.json} into a
 * run folder from what the folder holds ({@code run.json} and {@code evidence/}), so that a report
 * made again from the same folder is byte for byte the same.
 */
public final class ComplianceReports {
  public static final String JSON_FILE = "compliance.json";
  public static final String HTML_FILE = "compliance.html";

  private ComplianceReports() {}

  public static ComplianceReport write(Path directory) {
    ComplianceReport report = read(directory);
    try {
      for (Map.Entry<String, byte[]> file : render(report, directory).entrySet()) {
        Files.write(directory.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the compliance report in " + directory, e);
    }
    return report;
  }

  /** The report's files and their bytes, by name, writing nothing. */
  public static Map<String, byte[]> render(ComplianceReport report, Path directory) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      files.put(JSON_FILE, RunRecord.JSON.writeValueAsBytes(report));
      files.put(
          HTML_FILE,
          ComplianceHtml.render(report, TrendWindow.read(directory))
              .getBytes(StandardCharsets.UTF_8));
      files.put(
          OscalResults.FILE,
          RunRecord.JSON.writeValueAsBytes(OscalResults.build(report, directory)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the compliance report of " + directory, e);
    }
    return files;
  }

  /** The compliance report of a run folder, as {@link #write} would write it, writing nothing. */
  public static ComplianceReport read(Path directory) {
    return ComplianceReport.build(RunRecord.read(directory), evidence(directory));
  }

  static List<Evidence.Record> evidence(Path directory) {
    Path folder = directory.resolve("evidence");
    List<Evidence.Record> records = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return records;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        records.add(RunRecord.JSON.readValue(file.toFile(), Evidence.Record.class));
      }
    } catch (IOException e) {
      throw new ReportException("cannot read the evidence in " + folder + ": " + e.getMessage());
    }
    return records;
  }
}
