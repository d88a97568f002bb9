package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.OperatorNotes;
import dev.shakedown.runner.Pacer;
import dev.shakedown.runner.SkippedByOperator;
import dev.shakedown.traffic.HaltedException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's keys, typed a line at a time, as a terminal sends them. */
class OperatorConsoleTest {
  private final StringWriter screen = new StringWriter();
  private final OperatorNotes notes = new OperatorNotes("jane");
  private final AtomicInteger aborts = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<Optional<String>> halted =
      new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
  private PipedOutputStream keyboard;
  private OperatorConsole operator;

  @BeforeEach
  void start() throws Exception {
    PipedInputStream in = new PipedInputStream();
    keyboard = new PipedOutputStream(in);
    operator =
        OperatorConsole.start(
            in,
            new PrintWriter(screen, true),
            notes,
            () -> {
              aborts.incrementAndGet();
              return new Abort(true, "aborting: reverting everything this run applied");
            });
  }

  @AfterEach
  void close() throws Exception {
    keyboard.close();
  }

  private void type(String line) throws Exception {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  private CompletableFuture<Void> disruption() throws Exception {
    CompletableFuture<Void> asked =
        CompletableFuture.runAsync(
            () ->
                operator.beforeDisruption(
                    new Pacer.Disruption(
                        "When 1 instance in cloud \"cloud-a\" is killed  (f.feature:4)",
                        List.of("kill cloud-a/cloud-a-1 (zone a-1)"),
                        List.of("cloud-b/store cut off"),
                        halted::get)));
    await(() -> screen.toString().contains(OperatorConsole.KEYS));
    return asked;
  }

  @Test
  void enter_goes_and_the_step_says_what_it_will_do() throws Exception {
    CompletableFuture<Void> asked = disruption();
    assertThat(asked).isNotDone();

    type("");

    asked.get(5, TimeUnit.SECONDS);
    assertThat(screen.toString())
        .contains("next: When 1 instance in cloud \"cloud-a\" is killed  (f.feature:4)")
        .contains("  -> will kill cloud-a/cloud-a-1 (zone a-1)")
        .contains("  still applied while you decide:\n    cloud-b/store cut off");
  }

  @Test
  void the_line_is_held_while_the_operator_is_asked_or_types_a_note() throws Exception {
    assertThat(operator.holdsTheLine()).isFalse();
    CompletableFuture<Void> asked = disruption();
    assertThat(operator.holdsTheLine()).isTrue();
    type("");
    asked.get(5, TimeUnit.SECONDS);
    assertThat(operator.holdsTheLine()).isFalse();

    type("n");
    await(operator::holdsTheLine);
    type("the dashboard lags");
    await(() -> !operator.holdsTheLine());
  }

  @Test
  void s_skips_the_step_and_with_it_the_rest_of_the_scenario() throws Exception {
    CompletableFuture<Void> asked = disruption();

    type("s");

    assertThatThrownBy(() -> asked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SkippedByOperator.class)
        .hasMessageContaining("skipped by the operator at When 1 instance in cloud");
    assertThat(aborts).hasValue(0);
  }

  @Test
  void a_note_taken_while_asked_is_stamped_into_the_running_scenario_and_the_step_still_waits()
      throws Exception {
    Evidence evidence = new Evidence();
    evidence.begin("Losing one instance", "f.feature:2", Set.of());
    notes.scenarioStarted(evidence);
    CompletableFuture<Void> asked = disruption();

    type("n the router logged 502s");
    type("n");
    type("pager went off");
    await(() -> notes.all().size() == 2);

    assertThat(asked).isNotDone();
    assertThat(notes.all())
        .extracting(Evidence.Note::author, Evidence.Note::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("jane", "the router logged 502s"),
            org.assertj.core.groups.Tuple.tuple("jane", "pager went off"));
    assertThat(evidence.snapshot("PASSED").notes()).hasSize(2);
    assertThat(screen.toString()).containsPattern("noted at \\d\\d:\\d\\d:\\d\\d: pager went off");
    type("");
    asked.get(5, TimeUnit.SECONDS);
  }

  @Test
  void a_aborts_at_once_whether_asked_or_not_and_nothing_goes_after() throws Exception {
    type("a");
    await(() -> aborts.get() == 1);

    assertThatThrownBy(
            () ->
                operator.beforeDisruption(
                    new Pacer.Disruption(
                        "When \"cloud-a/store\" is cut off",
                        List.of("cut"),
                        List.of(),
                        halted::get)))
        .isInstanceOf(HaltedException.class)
        .hasMessageContaining("aborted by the operator");
    assertThat(aborts).as("one abort, however often it is asked").hasValue(1);
  }

  @Test
  void a_key_that_means_nothing_is_told_and_a_closed_terminal_aborts() throws Exception {
    CompletableFuture<Void> asked = disruption();

    type("go");
    await(() -> screen.toString().contains("'go' is none of the keys"));
    assertThat(asked).isNotDone();
    keyboard.close();

    assertThatThrownBy(() -> asked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(HaltedException.class);
    assertThat(aborts).hasValue(1);
    assertThat(screen.toString()).contains("the terminal closed: aborting");
  }

  @Test
  void a_halt_while_asked_answers_for_the_operator_and_nothing_goes() throws Exception {
    CompletableFuture<Void> asked = disruption();

    halted.set(Optional.of("interrupted (Ctrl-C, SIGTERM or the operator's abort)"));

    assertThatThrownBy(() -> asked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(HaltedException.class)
        .hasMessageContaining("interrupted (Ctrl-C");
    assertThat(screen.toString()).contains("not asked any more: interrupted");
  }

  @Test
  void an_abort_typed_as_a_question_appears_is_not_lost_and_a_note_cannot_swallow_it()
      throws Exception {
    type("n");
    type("a"); // while a note is being typed: an abort all the same
    await(() -> aborts.get() == 1);

    assertThatThrownBy(
            () ->
                operator.beforeDisruption(
                    new Pacer.Disruption("When x", List.of("x"), List.of(), halted::get)))
        .isInstanceOf(HaltedException.class);
    assertThat(notes.all()).isEmpty();
  }

  @Test
  void what_a_terminal_sends_besides_text_is_no_part_of_a_note() throws Exception {
    type("n pager \u001b[Awent off");
    await(() -> notes.all().size() == 1);
    assertThat(notes.all().get(0).text()).isEqualTo("pager went off");
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s");
      }
      Thread.sleep(10);
    }
  }
}
