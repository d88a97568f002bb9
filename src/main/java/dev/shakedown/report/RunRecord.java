package dev.shakedown.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.shakedown.config.ControlsFile;
import dev.shakedown.config.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run was and how each scenario ended, with the control catalogue and waivers as they stood:
 * {@code run.json} in the run folder. With the evidence beside it, everything the compliance report
 * is made from is in the folder, so {@code shakedown report DIR} makes the same report again.
 */
public record RunRecord(
    int schemaVersion,
    RunMetadata run,
    List<ScenarioResult> scenarios,
    Map<String, ControlsFile.Control> controls,
    List<ControlsFile.Waiver> waivers,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Gameday> gameday) {

  public RunRecord {
    gameday = gameday == null ? Optional.empty() : gameday;
  }

  /** A run that was no game day. */
  public RunRecord(
      int schemaVersion,
      RunMetadata run,
      List<ScenarioResult> scenarios,
      Map<String, ControlsFile.Control> controls,
      List<ControlsFile.Waiver> waivers) {
    this(schemaVersion, run, scenarios, controls, waivers, Optional.empty());
  }

  public static final int SCHEMA_VERSION = 1;
  public static final String FILE = "run.json";

  /** How run.json, evidence and run summaries are read and written: ISO times, Optional. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * Writes it with every secret the config declared, and every credential by its shape, blanked.
   */
  public void write(Path directory, Redactor redactor) {
    try {
      JSON.writeValue(directory.resolve(FILE).toFile(), redactor.redact(JSON.valueToTree(this)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve(FILE), e);
    }
  }

  public static RunRecord read(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new ReportException(
          directory + " is not a run folder: it has no " + FILE + "; name a folder under reports/");
    }
    try {
      return JSON.readValue(file.toFile(), RunRecord.class);
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
