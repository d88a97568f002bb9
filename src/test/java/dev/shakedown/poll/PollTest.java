package dev.shakedown.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one way the harness waits. */
class PollTest {
  @Test
  void should_return_the_first_answer() {
    AtomicInteger asked = new AtomicInteger();

    Optional<Integer> answer =
        Poll.within(Duration.ofSeconds(5))
            .every(Duration.ofMillis(1))
            .until(() -> asked.incrementAndGet() == 3 ? Optional.of(42) : Optional.empty());

    assertThat(answer).contains(42);
    assertThat(asked).hasValue(3);
  }

  @Test
  void should_ask_once_on_a_zero_wait_and_once_more_at_the_deadline() {
    AtomicInteger asked = new AtomicInteger();

    assertThat(Poll.within(Duration.ZERO).until(() -> asked.incrementAndGet() < 0)).isFalse();
    assertThat(asked).hasValue(1);

    asked.set(0);
    // Asked at 0 and after the one pause the deadline allows: the last look is never lost.
    assertThat(
            Poll.within(Duration.ofMillis(30))
                .every(Duration.ofSeconds(10))
                .until(() -> asked.incrementAndGet() < 0))
        .isFalse();
    assertThat(asked.get()).isBetween(2, 3); // a third where the clock and the sleep disagree
  }

  @Test
  void should_end_at_once_when_the_fail_fast_check_throws() {
    AtomicInteger asked = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Poll.within(Duration.ofMinutes(5))
                    .every(Duration.ofMillis(1))
                    .failFast(
                        () -> {
                          if (asked.get() == 2) {
                            throw new IllegalStateException("halted");
                          }
                        })
                    .until(() -> asked.incrementAndGet() < 0))
        .hasMessage("halted");
    assertThat(asked).hasValue(2);
  }

  @Test
  void should_keep_the_interrupt_and_say_so() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Poll.within(Duration.ofSeconds(5)).until(() -> false))
          .isInstanceOf(Poll.WaitInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void should_sleep_until_the_instant_checking_on_the_way() {
    AtomicInteger checks = new AtomicInteger();
    Instant until = Instant.now().plusMillis(60);

    Poll.sleepUntil(until, Duration.ofMillis(10), checks::incrementAndGet);

    assertThat(Instant.now()).isAfterOrEqualTo(until);
    assertThat(checks.get()).isGreaterThanOrEqualTo(2); // once on the way in, once at the end
  }

  @Test
  void should_refuse_an_interval_of_zero() {
    assertThatThrownBy(() -> Poll.within(Duration.ofSeconds(1)).every(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_named_wait_is_said_while_it_waits_and_gone_once_it_has_its_answer() {
    java.util.List<String> seen = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger looks =
        new java.util.concurrent.atomic.AtomicInteger();

    boolean answered =
        Poll.within(java.time.Duration.ofSeconds(5))
            .named("cloud-a to replace cloud-a/cloud-a-1")
            .every(java.time.Duration.ofMillis(10))
            .until(
                () -> {
                  Waits.now().forEach(w -> seen.add(w.describe(w.since().plusSeconds(3))));
                  return looks.incrementAndGet() == 3;
                });

    org.assertj.core.api.Assertions.assertThat(answered).isTrue();
    org.assertj.core.api.Assertions.assertThat(seen)
        .contains("waiting for cloud-a to replace cloud-a/cloud-a-1: 3 s of at most 5 s");
    org.assertj.core.api.Assertions.assertThat(Waits.now()).isEmpty();
  }
}
