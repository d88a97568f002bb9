package dev.shakedown.undo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoTest {
  @TempDir Path reports;
  private Ledger ledger;
  private Undo run;

  @BeforeEach
  void open() {
    ledger = Ledger.open(reports, "run");
    run = Undo.of(ledger);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private static LedgerEntry entry(String what) {
    return new LedgerEntry.LinkCut(
        what, "cloud-a/store", URI.create("http://127.0.0.1:1"), "cloud-a.store", false);
  }

  private List<String> openInLedger() {
    return LedgerFiles.read(reports, "").get(0).open().stream()
        .map(LedgerFiles.OpenEntry::describe)
        .toList();
  }

  @Test
  void should_keep_open_what_could_not_be_reverted_and_revert_the_rest() {
    Undo scenario = run.scope();
    scenario.apply(entry("first"), () -> {}, () -> "undone");
    scenario.apply(
        entry("stuck"),
        () -> {},
        () -> {
          throw new IllegalStateException("HTTP 500 from Toxiproxy");
        });
    scenario.apply(entry("last"), () -> {}, () -> "undone");

    Reverts reverts = scenario.revertAll();

    assertThat(reverts.reverted()).containsExactly("last: undone", "first: undone");
    assertThat(reverts.left()).containsExactly("stuck: HTTP 500 from Toxiproxy");
    assertThat(scenario.open()).extracting(Handle::description).containsExactly("stuck");
    assertThat(run.open()).extracting(Handle::description).containsExactly("stuck");
    assertThat(run.open().get(0).state()).isEqualTo(Handle.State.REVERT_FAILED);
    assertThat(openInLedger()).containsExactly("stuck");
  }

  @Test
  void should_revert_what_a_failed_apply_may_have_done_and_rethrow_its_failure() {
    AtomicBoolean undone = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                run.apply(
                    entry("half"),
                    () -> {
                      throw new IllegalStateException("timed out");
                    },
                    () -> {
                      undone.set(true);
                      return "undone";
                    }))
        .hasMessage("timed out");
    assertThat(undone).isTrue();
    assertThat(run.open()).isEmpty();
    assertThat(LedgerFiles.read(reports, "").get(0).open()).isEmpty();
  }

  @Test
  void should_ask_the_gate_before_recording_a_disruption_and_touch_nothing_when_it_refuses() {
    List<String> asked = new ArrayList<>();
    AtomicBoolean applied = new AtomicBoolean();
    run.gate(
        disruption -> {
          asked.add(disruption);
          throw new IllegalStateException("skipped by the operator");
        });
    Undo scenario = run.scope();

    assertThatThrownBy(() -> scenario.apply(entry("cut"), () -> applied.set(true), () -> "undone"))
        .hasMessage("skipped by the operator");
    // What the run brings along is done to nothing of the deployment's: not asked about.
    scenario.apply(
        new LedgerEntry.StartedProcess("started the demo", 1, java.time.Instant.now(), "host"),
        true,
        () -> {},
        () -> "ended");
    scenario.apply(
        new LedgerEntry.LoadJob("started 2 load workers", null, "kind", "https://k", "ns", "job"),
        () -> {},
        () -> "deleted");

    assertThat(asked).containsExactly("cut");
    assertThat(applied).isFalse();
    assertThat(openInLedger()).containsExactly("started the demo", "started 2 load workers");
    assertThat(run.openDisruptions())
        .extracting(Handle::description)
        .containsExactly("started 2 load workers");
  }

  @Test
  void should_ask_once_for_a_disruption_of_several_entries_and_again_for_the_next() {
    List<String> asked = new ArrayList<>();
    run.gate(asked::add);
    Undo scenario = run.scope();

    scenario.disrupting(
        "fail zone a-1",
        () -> {
          scenario.apply(entry("group kept out of a-1"), () -> {}, () -> "let back");
          return scenario.disrupting(
              "kill cloud-a-1",
              () -> scenario.apply(entry("killed cloud-a-1"), () -> {}, () -> "whole"));
        });
    scenario.apply(entry("cut"), () -> {}, () -> "undone");

    assertThat(asked).containsExactly("fail zone a-1", "cut");
  }

  @Test
  void should_record_the_entry_before_applying_it() {
    List<List<String>> seenWhileApplying = new ArrayList<>();
    run.apply(entry("cut"), () -> seenWhileApplying.add(openInLedger()), () -> "undone");
    assertThat(seenWhileApplying).containsExactly(List.of("cut"));
  }

  @Test
  void should_wait_for_an_apply_under_way_before_reverting_it() throws Exception {
    CountDownLatch applying = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger order = new AtomicInteger();
    AtomicInteger appliedAt = new AtomicInteger();
    AtomicInteger undoneAt = new AtomicInteger();
    Thread applier =
        new Thread(
            () ->
                run.apply(
                    entry("slow"),
                    () -> {
                      applying.countDown();
                      await(finish);
                      appliedAt.set(order.incrementAndGet());
                    },
                    () -> {
                      undoneAt.set(order.incrementAndGet());
                      return "undone";
                    }));
    applier.start();
    applying.await();
    Thread reverter = new Thread(() -> run.revertAll(Duration.ofSeconds(10), h -> true, l -> {}));
    reverter.start();
    Thread.sleep(200);
    finish.countDown();
    reverter.join();
    applier.join();
    assertThat(appliedAt.get()).isLessThan(undoneAt.get());
    assertThat(run.open()).isEmpty();
  }

  @Test
  void should_report_as_left_what_is_still_reverting_at_the_deadline() {
    CountDownLatch never = new CountDownLatch(1);
    run.apply(
        entry("hung"),
        () -> {},
        () -> {
          never.await();
          return "undone";
        });
    List<String> progress = new ArrayList<>();
    Reverts reverts = run.revertAll(Duration.ofMillis(200), h -> true, progress::add);
    assertThat(reverts.left()).containsExactly("hung: still being reverted after 0 s");
    assertThat(run.open()).hasSize(1);
  }

  @Test
  void should_close_as_ended_what_needs_no_undoing() {
    Handle process = run.record(entry("a process"), () -> "ended pid 1");
    process.end("exited with code 0");
    assertThat(process.state()).isEqualTo(Handle.State.ENDED);
    assertThat(run.open()).isEmpty();
    assertThat(process.revert()).isEqualTo("already ended");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void should_revert_what_a_disruption_needs_with_the_last_disruption_that_needs_it() {
    List<String> order = new ArrayList<>();
    Undo scenario = run.scope();
    Handle held =
        scenario.apply(
            entry("health checks suspended"),
            () -> {},
            () -> {
              order.add("resume");
              return "resumed";
            });
    Handle first =
        scenario.apply(
            entry("stopped a"), false, List.of(held), () -> {}, () -> add(order, "start a"));
    scenario.apply(entry("stopped b"), false, List.of(held), () -> {}, () -> add(order, "start b"));

    assertThatThrownBy(held::revert)
        .isInstanceOf(RevertFailedException.class)
        .hasMessage("health checks suspended: kept, as stopped a, stopped b still needs it");
    assertThat(held.state()).isEqualTo(Handle.State.APPLIED);
    assertThat(first.revert()).isEqualTo("started");
    assertThat(held.state()).as("still needed by b").isEqualTo(Handle.State.APPLIED);

    Reverts reverts = scenario.revertAll();

    assertThat(order).containsExactly("start a", "start b", "resume");
    assertThat(reverts.reverted())
        .containsExactly("stopped b: started; then health checks suspended: resumed");
    assertThat(scenario.open()).isEmpty();
    assertThat(openInLedger()).isEmpty();
  }

  @Test
  void should_keep_what_a_disruption_still_applied_needs() {
    Undo scenario = run.scope();
    Handle held = scenario.apply(entry("health checks suspended"), () -> {}, () -> "resumed");
    scenario.apply(
        entry("stopped a"),
        false,
        List.of(held),
        () -> {},
        () -> {
          throw new IllegalStateException("IncorrectInstanceState");
        });

    Reverts reverts = scenario.revertAll();

    assertThat(reverts.left())
        .containsExactly(
            "stopped a: IncorrectInstanceState",
            "health checks suspended: kept, as stopped a still needs it");
    assertThat(openInLedger()).containsExactly("health checks suspended", "stopped a");
  }

  @Test
  void should_revert_what_is_needed_after_what_needs_it_when_reverting_all_at_once() {
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    Handle held =
        run.apply(
            entry("health checks suspended"),
            () -> {},
            () -> {
              order.add("resume");
              return "resumed";
            });
    for (String name : List.of("a", "b", "c")) {
      run.apply(
          entry("stopped " + name),
          false,
          List.of(held),
          () -> {},
          () -> {
            Thread.sleep(200);
            return add(order, "start " + name);
          });
    }
    List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());

    Reverts reverts = run.revertAll(Duration.ofSeconds(10), handle -> true, progress::add);

    assertThat(order).hasSize(4).endsWith("resume");
    assertThat(reverts.left()).isEmpty();
    assertThat(reverts.reverted()).hasSize(3);
    assertThat(String.join("\n", reverts.reverted()))
        .containsOnlyOnce("then health checks suspended: resumed");
    assertThat(progress).noneMatch(line -> line.contains("already"));
    assertThat(run.open()).isEmpty();
  }

  private static String add(List<String> order, String what) {
    order.add(what);
    return "started";
  }
}
