package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the monitor stops a run on its own. */
class HaltConditionTest {
  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
  private final HaltCondition condition =
      new HaltCondition(Percentage.parse("50%"), Duration.ofSeconds(10));

  private static ProbeResult probe(int secondsIn, boolean ok) {
    return new ProbeResult(
        "deployment",
        START.plusSeconds(secondsIn),
        Duration.ofMillis(5),
        ok ? 200 : 0,
        ok ? Optional.empty() : Optional.of("connection refused"),
        Optional.empty(),
        !ok);
  }

  private static List<ProbeResult> probes(int from, int to, boolean ok) {
    List<ProbeResult> probes = new ArrayList<>();
    for (int s = from; s < to; s++) {
      probes.add(probe(s, ok));
    }
    return probes;
  }

  @Test
  void should_trip_when_the_rate_over_the_window_is_under_the_floor() {
    List<ProbeResult> results = new ArrayList<>(probes(0, 10, true));
    results.addAll(probes(10, 20, false));

    assertThat(condition.trips(results, START, START.plusSeconds(20)))
        .contains(
            "halted: the deployment's success rate was 0% (0 of 10 probes) over 10 s, under the"
                + " halt floor 50% (safety.haltBelow); the run stops and every fault is reverted");
  }

  @Test
  void should_not_trip_at_the_floor_or_on_probes_before_the_window() {
    List<ProbeResult> results = new ArrayList<>(probes(0, 10, false));
    results.addAll(probes(10, 15, true));
    results.addAll(probes(15, 20, false));

    // From 10 s to 20 s: probes 10 to 19, 5 of 10 succeeded: exactly the floor, no halt.
    assertThat(condition.trips(results, START, START.plusSeconds(20))).isEmpty();
    // From 11 s: probes 11 to 19, 4 of 9 (44%); the failures before 10 s no longer count.
    assertThat(condition.trips(results, START, START.plusSeconds(21)))
        .hasValueSatisfying(why -> assertThat(why).contains("44.44% (4 of 9 probes)"));
  }

  @Test
  void should_wait_for_a_whole_window_and_enough_probes() {
    List<ProbeResult> failing = probes(0, 9, false);

    assertThat(condition.trips(failing, START, START.plusSeconds(9))).isEmpty();
    assertThat(condition.trips(probes(8, 10, false), START, START.plusSeconds(10))).isEmpty();
    assertThat(condition.trips(probes(7, 10, false), START, START.plusSeconds(10))).isPresent();
  }
}
