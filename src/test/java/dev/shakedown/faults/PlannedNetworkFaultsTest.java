package dev.shakedown.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.undo.Handle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedNetworkFaultsTest {
  @Test
  void should_say_each_fault_of_a_dry_run_and_touch_no_proxy() {
    List<String> plan = new ArrayList<>();
    NetworkFaults faults = NetworkFaults.planned(plan::add);

    Handle latency =
        faults.latency("cloud-a/store", Duration.ofMillis(800), Duration.ofMillis(200));
    faults.add("cloud-a/store", ToxicSpec.of("timeout").upstream().attribute("timeout", 2000));
    faults.cut("cloud-b/store");

    assertThat(plan)
        .containsExactly(
            "would inject through Toxiproxy: 800 ms of latency with 200 ms of jitter on"
                + " cloud-a/store",
            "would inject through Toxiproxy: "
                + ToxicSpec.of("timeout").upstream().attribute("timeout", 2000).describe()
                + " on cloud-a/store",
            "would inject through Toxiproxy: cloud-b/store cut off");
    assertThat(faults.activeOn("cloud-a/store")).isEmpty();
    assertThat(latency.revert()).isEqualTo("nothing to undo in a dry run");
    assertThat(plan).hasSize(3); // a revert in a dry run says nothing more
  }
}
