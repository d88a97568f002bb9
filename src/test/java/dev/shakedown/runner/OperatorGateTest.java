package dev.shakedown.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each step that disrupts is asked once, whether it asked first or only disrupts. */
class OperatorGateTest {
  private final List<Pacer.Disruption> asked = new ArrayList<>();
  private String answer = "go";
  private Optional<UUID> step = Optional.of(UUID.randomUUID());
  private Optional<UUID> scenario = Optional.of(UUID.randomUUID());
  private Optional<String> halted = Optional.empty();
  private final Thread stepThread = Thread.currentThread();
  private final java.util.concurrent.atomic.AtomicInteger askedAtOnce =
      new java.util.concurrent.atomic.AtomicInteger();
  private int mostAtOnce;

  private final OperatorGate gate =
      new OperatorGate(
          next -> {
            int now = askedAtOnce.incrementAndGet();
            synchronized (asked) {
              mostAtOnce = Math.max(mostAtOnce, now);
              asked.add(next);
            }
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            askedAtOnce.decrementAndGet();
            if (answer.equals("skip")) {
              throw new SkippedByOperator(next.step());
            }
          },
          new OperatorGate.Run() {
            @Override
            public Optional<UUID> step() {
              return step;
            }

            @Override
            public boolean onStepThread() {
              return step.isPresent() && Thread.currentThread() == stepThread;
            }

            @Override
            public Optional<UUID> scenario() {
              return scenario;
            }

            @Override
            public String sentence() {
              return "When the glue cuts the store  (f.feature:4)";
            }

            @Override
            public List<String> stillApplied() {
              return List.of("cloud-b/store slowed");
            }

            @Override
            public Optional<String> halted() {
              return halted;
            }
          });

  @Test
  void a_step_that_asked_first_is_not_asked_again_by_what_it_applies() {
    gate.ask(List.of("cut cloud-a/store"));
    gate.before("cloud-a/store cut off");
    gate.ask(List.of("cut cloud-a/store again"));

    assertThat(asked)
        .singleElement()
        .extracting(Pacer.Disruption::willDo)
        .isEqualTo(List.of("cut cloud-a/store"));
  }

  @Test
  void another_thread_is_asked_for_what_it_does_and_its_go_lets_no_step_go() throws Exception {
    gate.ask(List.of("cut cloud-a/store"));
    CompletableFuture.runAsync(() -> gate.before("cloud-b/store cut off")).get();
    step = Optional.of(UUID.randomUUID());
    CompletableFuture.runAsync(() -> gate.before("cloud-b/store slowed")).get();
    gate.ask(List.of("kill cloud-a/cloud-a-1"));

    assertThat(asked).hasSize(4);
  }

  @Test
  void the_operator_is_asked_one_question_at_a_time() throws Exception {
    step = Optional.empty(); // hooks: each disruption asked
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(CompletableFuture.runAsync(() -> gate.before("cloud-a/store cut off")));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();

    assertThat(asked).hasSize(4);
    assertThat(mostAtOnce).isEqualTo(1);
  }

  @Test
  void a_step_that_only_disrupts_is_asked_at_its_first_disruption_in_the_ledger_s_words() {
    gate.before("cloud-a/store cut off");
    gate.before("cloud-a/store slowed");

    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).step()).isEqualTo("When the glue cuts the store  (f.feature:4)");
    assertThat(asked.get(0).willDo())
        .containsExactly("(as the run's ledger records it) cloud-a/store cut off");
    assertThat(asked.get(0).stillApplied()).containsExactly("cloud-b/store slowed");

    step = Optional.of(UUID.randomUUID()); // the next step is asked afresh
    gate.before("cloud-a/store cut off");
    assertThat(asked).hasSize(2);
  }

  @Test
  void a_hook_is_asked_for_each_disruption_and_what_a_step_armed_goes_unasked() {
    step = Optional.empty();
    gate.before("cloud-a/store cut off");
    gate.before("cloud-b/store cut off");
    OperatorGate.armed(() -> gate.before("killed cloud-a/cloud-a-1"));

    assertThat(asked).hasSize(2);
  }

  @Test
  void throughout_starts_at_the_first_go_of_the_running_scenario() {
    assertThat(gate.firstGo()).isEmpty();
    gate.ask(List.of("cut cloud-a/store"));
    var first = gate.firstGo().orElseThrow();
    step = Optional.of(UUID.randomUUID());
    gate.ask(List.of("kill cloud-a/cloud-a-1"));
    assertThat(gate.firstGo()).contains(first);

    scenario = Optional.of(UUID.randomUUID());
    assertThat(gate.firstGo()).isEmpty();
  }

  @Test
  void a_skipped_step_is_asked_again_and_a_halt_while_asked_stops_it() {
    answer = "skip";
    assertThatThrownBy(() -> gate.before("cloud-a/store cut off"))
        .isInstanceOf(SkippedByOperator.class);
    assertThatThrownBy(() -> gate.before("cloud-a/store cut off"))
        .isInstanceOf(SkippedByOperator.class);
    assertThat(gate.firstGo()).isEmpty();

    answer = "go";
    halted = Optional.of("the success rate fell below the floor");
    assertThatThrownBy(() -> gate.ask(List.of("kill cloud-a/cloud-a-1")))
        .isInstanceOf(dev.shakedown.traffic.HaltedException.class)
        .hasMessageContaining("below the floor");
  }
}
