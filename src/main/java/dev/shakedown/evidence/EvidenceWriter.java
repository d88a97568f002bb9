package dev.shakedown.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.shakedown.config.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes each scenario's evidence as JSON under the run folder, secrets redacted. */
public final class EvidenceWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final Redactor redactor;
  private final AtomicInteger sequence = new AtomicInteger();

  public EvidenceWriter(Path directory, Redactor redactor) {
    this.directory = directory;
    this.redactor = redactor;
  }

  /** Writes the record and returns the JSON bytes written, for attaching to the scenario. */
  public byte[] write(Evidence.Record record) {
    try {
      // Redacted as a tree, before it is encoded: see Redactor.
      String json = JSON.writeValueAsString(redactor.redact(JSON.valueToTree(record)));
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      Files.createDirectories(directory);
      String name =
          String.format(
              Locale.ROOT, "%03d-%s.json", sequence.incrementAndGet(), slug(record.scenario()));
      Files.write(directory.resolve(name), bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write evidence to " + directory, e);
    }
  }

  static String slug(String text) {
    String slug =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "scenario" : slug.substring(0, Math.min(60, slug.length()));
  }
}
