package dev.shakedown.undo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFilesTest {
  @TempDir Path reports;

  private static LedgerEntry toxic(String name) {
    return new LedgerEntry.Toxic(
        "500 ms of latency on cloud-a/store",
        "cloud-a/store",
        URI.create("http://127.0.0.1:8474"),
        "cloud-a.store",
        name,
        false);
  }

  @Test
  void should_list_what_was_applied_and_never_closed() {
    try (Ledger ledger = Ledger.open(reports, "run-1")) {
      String reverted = ledger.applying(toxic("a"));
      ledger.reverted(reverted, "removed");
      String failed = ledger.applying(toxic("b"));
      ledger.revertFailed(failed, "HTTP 500");
      String ended = ledger.applying(toxic("c"));
      ledger.ended(ended, "gone");
      ledger.applying(toxic("d"));
    }

    var ledgers = LedgerFiles.read(reports, "");

    assertThat(ledgers)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.run()).isEqualTo("run-1");
              assertThat(run.warnings()).isEmpty();
              assertThat(run.open())
                  .extracting(e -> ((LedgerEntry.Toxic) e.entry()).toxic())
                  .containsExactly("b", "d");
              assertThat(run.open().get(0).lastFailure()).contains("HTTP 500");
            });
  }

  @Test
  void should_skip_each_line_that_is_not_an_entry_with_one_warning_and_read_the_rest()
      throws Exception {
    try (Ledger ledger = Ledger.open(reports, "run-2")) {
      ledger.applying(toxic("kept"));
    }
    Path file = reports.resolve(".ledger/run-2.jsonl");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Files.readAllBytes(file));
    bytes.write("{}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}); // not UTF-8
    bytes.write("{\"event\":\"applying\",\"id\":\"x\",\"ru".getBytes(StandardCharsets.UTF_8));
    Files.write(file, bytes.toByteArray());

    var run = LedgerFiles.read(reports, "").get(0);

    assertThat(run.warnings())
        .containsExactly(
            file + ":2: not a ledger entry; skipped",
            file + ":3: not a ledger entry (not UTF-8 text); skipped",
            file + ":4: not a ledger entry (cut short: its run died while writing it); skipped");
    assertThat(run.open()).extracting(LedgerFiles.OpenEntry::describe).hasSize(1);
  }

  @Test
  void should_read_a_fault_an_older_shakedown_recorded() throws Exception {
    Path file = reports.resolve(".ledger/old.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"event\":\"applying\",\"id\":\"1\",\"run\":\"old\",\"kind\":\"toxic\",\"server\":\"http://127.0.0.1:9\","
            + "\"target\":\"cloud-a.store\",\"name\":\"shakedown-old-latency-1\",\"link\":\"cloud-a/store\","
            + "\"description\":\"500 ms of latency on cloud-a/store\"}\n");

    var run = LedgerFiles.read(reports, "").get(0);

    assertThat(run.warnings()).isEmpty();
    assertThat(run.open())
        .singleElement()
        .extracting(LedgerFiles.OpenEntry::entry)
        .isEqualTo(
            new LedgerEntry.Toxic(
                "500 ms of latency on cloud-a/store",
                "cloud-a/store",
                URI.create("http://127.0.0.1:9"),
                "cloud-a.store",
                "shakedown-old-latency-1",
                false));
  }

  @Test
  void should_leave_out_the_reading_runs_own_ledger() {
    try (Ledger ledger = Ledger.open(reports, "me")) {
      ledger.applying(toxic("mine"));
    }
    assertThat(LedgerFiles.read(reports, "me")).isEmpty();
  }
}
