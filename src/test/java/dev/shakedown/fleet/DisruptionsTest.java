package dev.shakedown.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.CloudSettings;
import dev.shakedown.config.ProbeSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.SafetySettings;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Undo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blast-radius arithmetic, on a cloud whose listing hides what died, as EC2's does. */
class DisruptionsTest {

  /** A group of instances that replaces a killed one at once, and whose listing drops the dead. */
  static final class QuickGroup implements Fleet {
    final List<Instance> instances = new ArrayList<>();
    int next;
    final List<String> calls = new ArrayList<>();

    QuickGroup(int size) {
      for (int i = 0; i < size; i++) {
        instances.add(instance("i-" + ++next, InstanceState.RUNNING));
      }
    }

    static Instance instance(String id, InstanceState state) {
      return new Instance(
          id, "aws-eu", "eu-west-2a", URI.create("http://10.0.0.1"), state, Map.of());
    }

    @Override
    public String cloud() {
      return "aws-eu";
    }

    @Override
    public List<Instance> instances() {
      return List.copyOf(instances);
    }

    @Override
    public void kill(Instance instance) {
      calls.add("kill " + instance.id());
      instances.removeIf(i -> i.id().equals(instance.id()));
      instances.add(instance("i-" + ++next, InstanceState.RUNNING)); // running, not yet serving
    }

    @Override
    public void stop(Instance instance) {
      calls.add("stop " + instance.id());
      instances.replaceAll(
          i -> i.id().equals(instance.id()) ? instance(i.id(), InstanceState.STOPPED) : i);
    }

    @Override
    public void start(Instance instance) {
      calls.add("start " + instance.id());
      instances.replaceAll(
          i -> i.id().equals(instance.id()) ? instance(i.id(), InstanceState.RUNNING) : i);
    }

    @Override
    public void reboot(Instance instance) {
      calls.add("reboot " + instance.id());
    }

    @Override
    public Duration awaitHealthy(int count, Duration timeout) {
      long running = instances.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
      if (running < count) {
        throw new FleetException(running + " of " + count + " running");
      }
      return Duration.ZERO;
    }

    @Override
    public void close() {}
  }

  private static Disruptions disruptions(Fleet fleet, int maxDown) {
    Cloud cloud =
        new Cloud(
            "aws-eu",
            new CloudSettings(
                "aws",
                null,
                ProbeSettings.DEFAULTS,
                new SafetySettings(maxDown, null, null, null),
                null,
                null,
                null,
                null),
            "aws.yaml",
            3);
    return new Disruptions(Map.of("aws-eu", fleet), Map.of("aws-eu", cloud), new Redactor());
  }

  @Test
  void should_count_a_killed_instance_down_until_its_cloud_is_seen_whole_again() {
    QuickGroup group = new QuickGroup(2);
    Disruptions disruptions = disruptions(group, 1);
    Undo scenario = Undo.discarding().scope();

    List<KillReceipt> first =
        disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1)));

    assertThat(disruptions.down("aws-eu")).isEqualTo(1);
    assertThatThrownBy(
            () -> disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1))))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessage(
            "refused: this would take 2 instances of cloud 'aws-eu' down at once (1 already are),"
                + " over its blast radius safety.maxInstancesDown = 1 (aws.yaml:3); raise the limit"
                + " there or take fewer down. Nothing was touched.");
    assertThat(group.calls).containsExactly("kill i-1");

    first.get(0).handle().revert(); // the cloud is seen whole: the kill is over
    assertThat(disruptions.down("aws-eu")).isZero();
    disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1)));
    assertThat(group.calls).containsExactly("kill i-1", "kill i-2");
  }

  @Test
  void should_count_stopped_instances_and_check_a_whole_step_before_touching_any() {
    QuickGroup group = new QuickGroup(3);
    Disruptions disruptions = disruptions(group, 2);
    Undo scenario = Undo.discarding().scope();

    Handle stopped = disruptions.stop(scenario, group.instances().get(0));

    assertThat(disruptions.down("aws-eu")).isEqualTo(1);
    assertThatThrownBy(
            () -> disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 2))))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessageContaining("this would take 3 instances");
    assertThat(group.calls).containsExactly("stop i-1");

    assertThat(stopped.revert()).isEqualTo("started again: running");
    assertThat(group.calls).containsExactly("stop i-1", "start i-1");
    assertThat(disruptions.down("aws-eu")).isZero();
  }

  @Test
  void should_add_up_planned_kills_in_a_dry_run_as_a_real_run_would() {
    List<String> plan = new ArrayList<>();
    PlannedFleet planned = new PlannedFleet(new QuickGroup(2), plan::add);
    Disruptions disruptions = disruptions(planned, 1);
    Undo scenario = Undo.discarding().scope();

    disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1)));

    assertThatThrownBy(
            () -> disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1))))
        .isInstanceOf(BlastRadiusException.class);
    assertThat(plan).containsExactly("would kill aws-eu/i-1 (zone eu-west-2a)");

    scenario.revertAll(); // the plan assumes the group replaces it
    assertThat(disruptions.running("aws-eu")).hasSize(2);
  }
}
