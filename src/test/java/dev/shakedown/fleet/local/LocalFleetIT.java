package dev.shakedown.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.CloudSettings;
import dev.shakedown.config.ProbeSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider starts, kills, stops and starts real processes of the demo service. */
class LocalFleetIT {
  private static final String DEMO =
      "{java} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -cp {classpath} dev.shakedown.demo.DonationsService --port {port} --cloud {cloud}";

  @TempDir Path dir;

  private Fleet open(String command, int replicas, Duration startTimeout) {
    return open(command, replicas, startTimeout, Duration.ofSeconds(1), false);
  }

  private Fleet open(
      String command,
      int replicas,
      Duration startTimeout,
      Duration replaceAfter,
      boolean supervise) {
    LocalSettings settings =
        new LocalSettings(
            command,
            replicas,
            null,
            startTimeout,
            replaceAfter,
            supervise,
            List.of("z-1", "z-2"),
            Map.of(),
            Map.of("owner", "team-a"));
    CloudSettings cloud =
        new CloudSettings("local", null, ProbeSettings.DEFAULTS, null, null, null, null, settings);
    return new LocalProvider()
        .open(
            new Cloud("cloud-a", cloud, "test.yaml", 1),
            new FleetContext(dir, new Redactor(), false));
  }

  @Test
  void should_really_kill_an_instance_process() {
    try (Fleet fleet = open(DEMO, 2, Duration.ofSeconds(30))) {
      List<Instance> instances = fleet.instances();
      assertThat(instances).extracting(Instance::state).containsOnly(InstanceState.RUNNING);
      assertThat(instances).extracting(Instance::zone).containsExactly("z-1", "z-2");
      assertThat(instances.get(0).labels()).containsExactly(Map.entry("owner", "team-a"));
      assertThat(instances.get(0).facts()).containsKey("pid");
      long pid = Long.parseLong(instances.get(0).facts().get("pid"));
      assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

      fleet.kill(instances.get(0));

      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.TERMINATED);
      assertThat(fleet.instances().get(1).state()).isEqualTo(InstanceState.RUNNING);
    }
  }

  @Test
  void should_replace_a_killed_instance_with_a_new_process_as_a_group_would() {
    try (Fleet fleet = open(DEMO, 2, Duration.ofSeconds(30), Duration.ofMillis(500), true)) {
      Instance victim = fleet.instances().get(0);
      long pid = Long.parseLong(victim.facts().get("pid"));

      fleet.kill(victim);
      Duration took = fleet.awaitHealthy(2, Duration.ofSeconds(30));

      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(fleet.instances())
          .hasSize(2)
          .extracting(Instance::id)
          .doesNotContain(victim.id())
          .contains("cloud-a-3");
      assertThat(fleet.instances()).extracting(Instance::state).containsOnly(InstanceState.RUNNING);
      assertThat(took).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void should_not_replace_an_instance_that_was_stopped_on_purpose() throws Exception {
    try (Fleet fleet = open(DEMO, 1, Duration.ofSeconds(30), Duration.ofMillis(100), true)) {
      fleet.stop(fleet.instances().get(0));
      Thread.sleep(1000);

      assertThat(fleet.instances())
          .singleElement()
          .extracting(Instance::state)
          .isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void should_stop_and_start_an_instance_on_its_port() {
    try (Fleet fleet = open(DEMO, 1, Duration.ofSeconds(30))) {
      Instance instance = fleet.instances().get(0);

      fleet.stop(instance);
      assertThat(fleet.instances().get(0).state()).isEqualTo(InstanceState.STOPPED);
      fleet.start(instance);

      Instance restarted = fleet.instances().get(0);
      assertThat(restarted.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(restarted.address()).isEqualTo(instance.address());
      assertThat(restarted.facts().get("pid")).isNotEqualTo(instance.facts().get("pid"));
    }
  }

  @Test
  void should_end_every_process_it_started_when_closed() {
    List<Long> pids;
    try (Fleet fleet = open(DEMO, 2, Duration.ofSeconds(30))) {
      pids = fleet.instances().stream().map(i -> Long.parseLong(i.facts().get("pid"))).toList();
    }
    assertThat(pids)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse());
  }

  @Test
  void should_say_which_instance_died_at_start_and_where_its_output_is() {
    assertThatThrownBy(
            () -> open("{java} -cp {classpath} no.such.Main {port}", 1, Duration.ofSeconds(30)))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining(
            "cloud-a/cloud-a-1 exited with code 1 before it was ready; see its output in "
                + dir.resolve("cloud-a-1.log"));
  }
}
