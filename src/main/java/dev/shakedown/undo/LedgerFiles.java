package dev.shakedown.undo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the ledgers under a reports folder. A line that is not a ledger entry (cut short by a
 * SIGKILL, edited by hand, not UTF-8) is reported once, with its file and line, and skipped: one
 * bad line must never stop every later run, since every run sweeps first.
 */
public final class LedgerFiles {
  private LedgerFiles() {}

  /** One run's ledger: what it left open, and the lines that could not be read. */
  public record RunLedger(String run, Path file, List<OpenEntry> open, List<String> warnings) {}

  /**
   * An entry applied and not closed.
   *
   * @param lastFailure why the last revert of it failed, if one was tried
   */
  public record OpenEntry(String id, String run, LedgerEntry entry, Optional<String> lastFailure) {
    public String describe() {
      return entry.description();
    }
  }

  /** Every ledger under {@code reportsRoot} but {@code exceptRun}'s, oldest run first. */
  public static List<RunLedger> read(Path reportsRoot, String exceptRun) {
    Path directory = Ledger.directory(reportsRoot);
    List<RunLedger> ledgers = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return ledgers;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      return ledgers; // nothing readable to sweep; the run itself will fail to write there and say
      // so
    }
    for (Path file : files) {
      String run = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
      if (!run.equals(exceptRun)) {
        ledgers.add(readOne(run, file));
      }
    }
    return ledgers;
  }

  static RunLedger readOne(String run, Path file) {
    List<String> warnings = new ArrayList<>();
    Map<String, OpenEntry> open = new LinkedHashMap<>();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      warnings.add(file + ": cannot be read (" + e.getMessage() + "); skipped");
      return new RunLedger(run, file, List.of(), warnings);
    }
    int start = 0;
    int number = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      number++;
      boolean complete = end < bytes.length;
      byte[] raw = Arrays.copyOfRange(bytes, start, end);
      start = end + 1;
      String where = file + ":" + number;
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw))
                .toString();
      } catch (CharacterCodingException e) {
        warnings.add(where + ": not a ledger entry (not UTF-8 text); skipped");
        continue;
      }
      if (text.isBlank()) {
        continue;
      }
      Optional<LedgerLine> line = parse(text);
      if (line.isEmpty()) {
        warnings.add(
            where
                + ": not a ledger entry"
                + (complete ? "" : " (cut short: its run died while writing it)")
                + "; skipped");
        continue;
      }
      LedgerLine read = line.get();
      switch (read.event()) {
        case LedgerLine.APPLYING ->
            open.put(
                read.id(), new OpenEntry(read.id(), read.run(), read.entry(), Optional.empty()));
        case LedgerLine.REVERT_FAILED ->
            open.computeIfPresent(
                read.id(),
                (id, entry) ->
                    new OpenEntry(
                        id, entry.run(), entry.entry(), Optional.ofNullable(read.note())));
        default -> open.remove(read.id());
      }
    }
    return new RunLedger(run, file, List.copyOf(open.values()), warnings);
  }

  /** The line, or empty when it is not one (a closing line needs only its event and id). */
  private static Optional<LedgerLine> parse(String text) {
    JsonNode node;
    try {
      node = Ledger.JSON.readTree(text);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    String event = node.path("event").asText(null);
    String id = node.path("id").asText(null);
    if (event == null || id == null) {
      return Optional.empty();
    }
    if (!event.equals(LedgerLine.APPLYING)) {
      boolean known =
          event.equals(LedgerLine.REVERTED)
              || event.equals(LedgerLine.ENDED)
              || event.equals(LedgerLine.REVERT_FAILED);
      return known
          ? Optional.of(new LedgerLine(event, id, null, null, null, node.path("note").asText(null)))
          : Optional.empty();
    }
    String run = node.path("run").asText(null);
    LedgerEntry entry;
    try {
      entry =
          node.has("entry")
              ? Ledger.JSON.treeToValue(node.get("entry"), LedgerEntry.class)
              : legacy(node);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return entry == null
        ? Optional.empty()
        : Optional.of(new LedgerLine(event, id, run, null, entry, null));
  }

  /**
   * An entry as Shakedown 0.1 wrote it (one flat record; only its network faults could be swept):
   * read, so that a fault a run of the older version left behind is still reverted.
   */
  private static LedgerEntry legacy(JsonNode node) {
    String kind = node.path("kind").asText("");
    String description = node.path("description").asText("");
    String link = node.path("link").asText("");
    String server = node.path("server").asText(null);
    String proxy = node.path("target").asText(null);
    if (server == null || proxy == null) {
      return null;
    }
    return switch (kind) {
      case "toxic" ->
          new LedgerEntry.Toxic(
              description, link, URI.create(server), proxy, node.path("name").asText(), false);
      case "proxy-disabled" ->
          new LedgerEntry.LinkCut(description, link, URI.create(server), proxy, false);
      default -> null;
    };
  }
}
