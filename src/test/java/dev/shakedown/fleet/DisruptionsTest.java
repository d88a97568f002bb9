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
  static class QuickGroup implements Fleet {
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
  void should_restart_one_at_a_time_each_back_before_the_next_goes_down() {
    QuickGroup group = new QuickGroup(3);
    Disruptions disruptions = disruptions(group, 1);
    List<String> told = new ArrayList<>();

    List<Disruptions.Restart> restarts =
        disruptions.rollingRestart(
            Undo.discarding().scope(),
            "aws-eu",
            Disruptions.RestartSteps.of(
                instance ->
                    told.add("stopping " + instance.id() + " with " + disruptions.down("aws-eu")),
                restart -> told.add("restarted " + restart.instance().id())));

    assertThat(group.calls)
        .containsExactly("stop i-1", "start i-1", "stop i-2", "start i-2", "stop i-3", "start i-3");
    assertThat(told)
        .containsExactly(
            "stopping i-1 with 0",
            "restarted i-1",
            "stopping i-2 with 0",
            "restarted i-2",
            "stopping i-3 with 0",
            "restarted i-3");
    assertThat(restarts).extracting(r -> r.instance().id()).containsExactly("i-1", "i-2", "i-3");
    assertThat(disruptions.down("aws-eu")).isZero();
  }

  @Test
  void should_end_a_rolling_restart_when_told_to_with_the_one_under_way_back() {
    QuickGroup group = new QuickGroup(3);
    Disruptions disruptions = disruptions(group, 1);

    assertThatThrownBy(
            () ->
                disruptions.rollingRestart(
                    Undo.discarding().scope(),
                    "aws-eu",
                    Disruptions.RestartSteps.of(
                        instance -> {
                          if (instance.id().equals("i-2")) {
                            throw new IllegalStateException("halted: error rate over 5%");
                          }
                        },
                        restart -> {})))
        .hasMessage("halted: error rate over 5%");
    assertThat(group.calls).containsExactly("stop i-1", "start i-1");
    assertThat(disruptions.down("aws-eu")).isZero();
  }

  @Test
  void should_refuse_a_rolling_restart_where_one_more_down_is_over_the_limit() {
    QuickGroup group = new QuickGroup(3);
    group.stop(group.instances().get(2)); // one down already, outside this run
    group.calls.clear();
    List<String> told = new ArrayList<>();

    assertThatThrownBy(
            () ->
                disruptions(group, 1)
                    .rollingRestart(
                        Undo.discarding().scope(),
                        "aws-eu",
                        Disruptions.RestartSteps.of(i -> told.add(i.id()), restart -> {})))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessageContaining("(1 already are)");
    assertThat(group.calls).isEmpty();
    assertThat(told).isEmpty();
  }

  @Test
  void should_stop_every_instance_or_none_over_the_blast_radius() {
    QuickGroup group = new QuickGroup(2);

    List<Instance> told = new ArrayList<>();
    assertThatThrownBy(
            () -> disruptions(group, 1).stopEvery(Undo.discarding().scope(), "aws-eu", told::add))
        .isInstanceOf(BlastRadiusException.class);
    assertThat(group.calls).isEmpty();
    assertThat(told).as("refused before the first is said to go down").isEmpty();

    List<Handle> stopped =
        disruptions(group, 2).stopEvery(Undo.discarding().scope(), "aws-eu", i -> {});
    assertThat(group.calls).containsExactly("stop i-1", "stop i-2");
    stopped.forEach(Handle::revert);
    assertThat(group.calls).containsExactly("stop i-1", "stop i-2", "start i-1", "start i-2");
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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} of {1} is {2}")
  @org.junit.jupiter.params.provider.CsvSource({
    "50%, 3, 2",
    "50%, 4, 2",
    "34%, 3, 2",
    "33.333333333333336%, 3, 1",
    "0%, 3, 0",
    "1%, 3, 1",
    "100%, 3, 3"
  })
  void should_round_a_share_up_but_not_for_floating_point_noise(String share, int size, int count) {
    Disruptions disruptions = disruptions(new QuickGroup(size), size);

    assertThat(disruptions.shareOf("aws-eu", dev.shakedown.config.Percentage.parse(share)))
        .isEqualTo(count);
  }

  @Test
  void should_pick_the_running_instances_in_order_and_refuse_more_than_run() {
    QuickGroup group = new QuickGroup(3);
    Disruptions disruptions = disruptions(group, 3);

    assertThat(disruptions.victims("aws-eu", 2))
        .extracting(Instance::id)
        .containsExactly("i-1", "i-2");
    assertThatThrownBy(() -> disruptions.victims("aws-eu", 4))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessage("cloud 'aws-eu' has 3 running instances; cannot take down 4");
    assertThatThrownBy(() -> disruptions.fleet("gcp"))
        .hasMessage("no cloud named 'gcp'; the config names: aws-eu");
  }

  @Test
  void should_count_a_reboot_down_until_the_cloud_is_whole_and_refuse_one_over_the_limit() {
    QuickGroup group = new QuickGroup(2);
    Disruptions disruptions = disruptions(group, 1);
    Undo scenario = Undo.discarding().scope();

    Handle rebooted = disruptions.reboot(scenario, group.instances().get(0));

    assertThat(group.calls).containsExactly("reboot i-1");
    assertThat(disruptions.down("aws-eu")).isEqualTo(1);
    assertThatThrownBy(() -> disruptions.reboot(scenario, group.instances().get(1)))
        .isInstanceOf(BlastRadiusException.class);
    rebooted.revert();
    assertThat(disruptions.down("aws-eu")).isZero();
  }

  /**
   * A group whose platform rolls out itself, as a BOSH recreate does: it says how far it may go.
   */
  static final class RollingGroup extends QuickGroup {
    final boolean takesDown;
    final List<Integer> maxDowns = new ArrayList<>();

    RollingGroup(int size, boolean takesDown) {
      super(size);
      this.takesDown = takesDown;
    }

    @Override
    public boolean rollsOut() {
      return true;
    }

    @Override
    public boolean rollOutTakesDown() {
      return takesDown;
    }

    @Override
    public String rollOut(Duration timeout, int maxDown, Runnable whileWaiting) {
      maxDowns.add(maxDown);
      return "rolled";
    }
  }

  @Test
  void should_hold_a_platform_rollout_to_what_the_blast_radius_leaves_or_refuse_it() {
    RollingGroup group = new RollingGroup(4, true);
    Disruptions disruptions = disruptions(group, 3);
    Undo scenario = Undo.discarding().scope();

    assertThat(disruptions.rollOut(scenario, "aws-eu", null, () -> {})).isEqualTo("rolled");
    Handle stopped = disruptions.stop(scenario, group.instances().get(0));
    disruptions.rollOut(scenario, "aws-eu", null, () -> {});
    Handle second = disruptions.stop(scenario, group.instances().get(1));
    disruptions.stop(scenario, group.instances().get(2));

    assertThat(group.maxDowns).containsExactly(3, 2);
    assertThat(disruptions.down("aws-eu")).isEqualTo(3);
    assertThatThrownBy(() -> disruptions.rollOut(scenario, "aws-eu", null, () -> {}))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessage(
            "refused: a rollout of cloud 'aws-eu' takes instances down, and 3 already are, at its"
                + " blast radius safety.maxInstancesDown = 3 (aws.yaml:3); raise the limit there or"
                + " wait for them. Nothing was touched.");
    assertThat(group.maxDowns).hasSize(2);
    stopped.revert();
    second.revert();
    assertThat(disruptions.down("aws-eu")).isEqualTo(1); // the rollouts closed once whole
  }

  @Test
  void should_let_a_rollout_that_takes_none_down_run_beside_other_disruptions() {
    RollingGroup group = new RollingGroup(2, false);
    Disruptions disruptions = disruptions(group, 1);
    Undo scenario = Undo.discarding().scope();
    disruptions.stop(scenario, group.instances().get(0));

    disruptions.rollOut(scenario, "aws-eu", null, () -> {});

    assertThat(group.maxDowns).containsExactly(0);
  }

  @Test
  void should_refuse_a_zone_with_no_running_instance_naming_the_zones_there_are() {
    Disruptions disruptions = disruptions(new QuickGroup(2), 2);

    assertThatThrownBy(
            () -> disruptions.zoneOutage(Undo.discarding().scope(), "aws-eu", "eu-west-2c"))
        .hasMessage(
            "no running instance of cloud 'aws-eu' is in zone 'eu-west-2c'; its instances run in"
                + " eu-west-2a");
  }

  @Test
  void should_judge_a_replacement_and_close_the_kill_once_the_cloud_is_whole() {
    QuickGroup group = new QuickGroup(2);
    Disruptions disruptions = disruptions(group, 1);
    Undo scenario = Undo.discarding().scope();
    KillReceipt kill =
        disruptions.kill(scenario, Map.of("aws-eu", disruptions.victims("aws-eu", 1))).get(0);

    dev.shakedown.evidence.Verdict verdict =
        disruptions.replacement(kill, Duration.ofSeconds(5), () -> {});

    assertThat(verdict.held()).isTrue();
    assertThat(verdict.measures())
        .singleElement()
        .satisfies(m -> assertThat(m.name()).isEqualTo("time to replace aws-eu/i-1"));
    assertThat(verdict.notes())
        .singleElement()
        .asString()
        .startsWith("cloud aws-eu replaced aws-eu/i-1 in ");
    assertThat(kill.handle().state().open()).as("the kill is over").isFalse();
    assertThat(disruptions.down("aws-eu")).isZero();
  }

  @Test
  void should_fail_a_replacement_that_does_not_come_saying_how_many_run() {
    QuickGroup group = new QuickGroup(2);
    Disruptions disruptions = disruptions(group, 1);
    KillReceipt kill =
        disruptions
            .kill(Undo.discarding().scope(), Map.of("aws-eu", disruptions.victims("aws-eu", 1)))
            .get(0);
    group.instances.clear(); // the group lost everything: nothing comes back

    dev.shakedown.evidence.Verdict verdict = disruptions.replacement(kill, Duration.ZERO, () -> {});

    assertThat(verdict.failure())
        .contains(
            "cloud 'aws-eu' did not replace aws-eu/i-1 within 0 ms: it has 0 of 2 instances running");
    assertThat(kill.handle().state().open()).as("still down, for the scenario's revert").isTrue();
  }

  @Test
  void should_refuse_a_first_step_over_the_limit_without_counting_what_is_not_down() {
    QuickGroup group = new QuickGroup(3);
    Disruptions disruptions = disruptions(group, 1);

    assertThatThrownBy(
            () ->
                disruptions.kill(
                    Undo.discarding().scope(), Map.of("aws-eu", disruptions.victims("aws-eu", 2))))
        .isInstanceOf(BlastRadiusException.class)
        .hasMessage(
            "refused: this would take 2 instances of cloud 'aws-eu' down at once, over its blast"
                + " radius safety.maxInstancesDown = 1 (aws.yaml:3); raise the limit there or take"
                + " fewer down. Nothing was touched.");
    assertThat(group.calls).isEmpty();
    assertThat(disruptions.down("aws-eu")).isZero();
  }
}
