package dev.shakedown.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multi-cloud controls on counts of running instances. */
class SpreadTest {
  private static Map<String, Integer> running(Object... cloudsAndCounts) {
    Map<String, Integer> running = new LinkedHashMap<>();
    for (int i = 0; i < cloudsAndCounts.length; i += 2) {
      running.put((String) cloudsAndCounts[i], (Integer) cloudsAndCounts[i + 1]);
    }
    return running;
  }

  @Test
  void should_count_only_clouds_with_a_running_instance() {
    ControlVerdict two = Spread.atLeast(running("aws", 2, "gcp", 1, "onprem", 0), 2);
    ControlVerdict three = Spread.atLeast(running("aws", 2, "gcp", 1, "onprem", 0), 3);

    assertThat(two.held()).isTrue();
    assertThat(two.measures())
        .containsExactly(new Measure("clouds with running instances", 2, "clouds"));
    assertThat(three.held()).isFalse();
    assertThatThrownBy(three::requireHeld)
        .isInstanceOf(ControlFailure.class)
        .hasMessage("the instances run in 2 cloud(s) (need at least 3): {aws=2, gcp=1, onprem=0}");
  }

  @Test
  void should_hold_at_the_ceiling_and_fail_above_it() {
    assertThat(Spread.noCloudAbove(running("aws", 3, "gcp", 2), Percentage.parse("60%")).held())
        .isTrue();
    ControlVerdict over = Spread.noCloudAbove(running("aws", 3, "gcp", 1), Percentage.parse("60%"));

    assertThat(over.failure())
        .contains("a single cloud holds more than 60% of the instances: aws holds 3 of 4 (75%)");
    assertThat(over.measures())
        .containsExactly(
            new Measure("share of the instances in aws", 75, "%"),
            new Measure("share of the instances in gcp", 25, "%"));
  }

  @Test
  void should_not_pass_on_no_instance_at_all() {
    ControlVerdict none = Spread.noCloudAbove(running("aws", 0, "gcp", 0), Percentage.parse("60%"));

    assertThat(none.failure()).contains("no instance is running in any cloud: {aws=0, gcp=0}");
    assertThat(Spread.atLeast(running("aws", 0), 1).held()).isFalse();
  }
}
