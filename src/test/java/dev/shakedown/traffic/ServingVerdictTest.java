package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether the deployment kept serving over a window of the monitor. */
class ServingVerdictTest {
  private static final Instant FROM = Instant.parse("2026-11-30T12:00:00Z");
  private static final String WHEN = "in the 5 s after killing cloud-a/cloud-a-1";

  private static ProbeSample sample(int ok, int failed, int planned) {
    ProbeSample.Builder sample = ProbeSample.builder().planned(planned);
    for (int i = 0; i < ok; i++) {
      sample.add(
          new ProbeResult(
              "deployment",
              FROM.plusMillis(i * 10L),
              Duration.ofMillis(i + 1),
              200,
              Optional.empty(),
              Optional.of("cloud-b"),
              false));
    }
    for (int i = 0; i < failed; i++) {
      sample.add(
          new ProbeResult(
              "deployment",
              FROM.plusMillis(1000 + i * 10L),
              Duration.ofMillis(2),
              502,
              Optional.of("HTTP 502"),
              Optional.empty(),
              false));
    }
    return sample.build();
  }

  private static ServingVerdict verdict(ProbeSample sample, String floor) {
    return new ServingVerdict(sample, FROM, Percentage.parse(floor), WHEN);
  }

  @Test
  void should_hold_at_the_floor_and_fail_under_it_with_the_figures() {
    assertThat(verdict(sample(99, 1, 100), "99%").held()).isTrue();
    verdict(sample(99, 1, 100), "99%").requireHeld();

    ServingVerdict under = verdict(sample(98, 2, 100), "99%");

    assertThat(under.held()).isFalse();
    assertThat(under.failure())
        .contains(
            "kept serving 98% (need 99%) in the 5 s after killing cloud-a/cloud-a-1: 2 of 100"
                + " requests failed (the schedule planned 100); 2 × HTTP 502 from deployment,"
                + " first at +1.0 s, last at +1.0 s");
    assertThatThrownBy(under::requireHeld)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("kept serving 98% (need 99%)");
  }

  @Test
  void should_not_pass_on_no_probe_or_on_a_window_not_watched_in_full() {
    ServingVerdict none = verdict(sample(0, 0, -1), "0%");
    assertThat(none.failure())
        .contains("no request was made " + WHEN + "; the monitor did not run");
    assertThat(none.held()).isFalse();

    ServingVerdict partial = verdict(sample(80, 0, 100), "50%");
    assertThat(partial.failure()).isEmpty();
    assertThat(partial.held()).isFalse();
    assertThatThrownBy(partial::requireHeld)
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining("the monitor made 80 of the 100 probes its schedule planned");
    assertThat(verdict(sample(90, 0, 100), "50%").held()).as("within the margin").isTrue();
  }

  @Test
  void should_give_its_figures_for_the_evidence() {
    assertThat(verdict(sample(3, 1, -1), "50%").measures())
        .containsExactly(
            new Measure("success rate " + WHEN, 75, "%"),
            new Measure("requests " + WHEN, 4, "requests"),
            new Measure("failed requests " + WHEN, 1, "requests"),
            new Measure("p99 latency of the successful requests " + WHEN, 3, "ms"));
  }
}
