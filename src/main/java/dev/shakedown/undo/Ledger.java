package dev.shakedown.undo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * A run's record of everything it changed: a line is written, and forced to disk, before a
 * disruption is applied, and another when it is reverted or ended. A run that dies in between
 * leaves lines without their closing one, which the next run, or {@code shakedown sweep}, reverts.
 * Files live in {@code <reports>/.ledger/<run>.jsonl}, beside the run's lock.
 */
public class Ledger implements AutoCloseable {
  static final String DIRECTORY = ".ledger";
  static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private final String run;
  private final Path file;
  private final FileChannel channel;

  private Ledger(String run, Path file, FileChannel channel) {
    this.run = run;
    this.file = file;
    this.channel = channel;
  }

  /** The ledger of run {@code run}, under {@code reportsRoot/.ledger/}. */
  public static Ledger open(Path reportsRoot, String run) {
    Path file = directory(reportsRoot).resolve(run + ".jsonl");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new Ledger(run, file, channel);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot write the ledger " + file + " (" + e.getMessage() + "); check --reports");
    }
  }

  /** A ledger that keeps nothing: a dry run applies nothing, so there is nothing to record. */
  public static Ledger discarding() {
    return new Ledger("dry-run", null, null) {
      @Override
      void write(LedgerLine line) {}
    };
  }

  static Path directory(Path reportsRoot) {
    return reportsRoot.resolve(DIRECTORY);
  }

  public String run() {
    return run;
  }

  /** Null for a discarding ledger. */
  public Path file() {
    return file;
  }

  /** Records {@code entry} as about to be applied; returns its id for the closing line. */
  String applying(LedgerEntry entry) {
    String id = UUID.randomUUID().toString();
    write(new LedgerLine(LedgerLine.APPLYING, id, run, Instant.now(), entry, null));
    return id;
  }

  void reverted(String id, String note) {
    write(new LedgerLine(LedgerLine.REVERTED, id, run, Instant.now(), null, note));
  }

  void ended(String id, String note) {
    write(new LedgerLine(LedgerLine.ENDED, id, run, Instant.now(), null, note));
  }

  void revertFailed(String id, String reason) {
    write(new LedgerLine(LedgerLine.REVERT_FAILED, id, run, Instant.now(), null, reason));
  }

  synchronized void write(LedgerLine line) {
    try {
      byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false); // on disk before the change is: a SIGKILL right after must not lose it
    } catch (IOException e) {
      throw new ShakedownException("cannot write the ledger " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Appends a closing line to another run's ledger file: a sweep's record of what it did. */
  static void append(Path file, LedgerLine line) {
    byte[] bytes;
    try {
      bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (java.nio.file.NoSuchFileException gone) {
      // Its run ended meanwhile with nothing open, and removed it: nothing left to record.
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot update the ledger " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Removes the file: for a run that ends with nothing left open. */
  public void delete() {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A ledger with nothing open is only clutter; the next sweep removes it.
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Every line was forced when it was written.
    }
  }
}
