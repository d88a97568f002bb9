package dev.shakedown.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.fleet.InstanceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/** EC2's instance states and Auto Scaling's lifecycle states and health, read as the APIs say. */
class AwsStatesTest {
  @ParameterizedTest
  @CsvSource({
    "pending, STARTING",
    "running, RUNNING",
    // Only a stopped instance starts (API_StartInstances): stopping is not stopped yet.
    "stopping, STOPPING",
    "stopped, STOPPED",
    // Listed, not gone: a shutting-down instance still counts in the group's capacity.
    "shutting-down, TERMINATING",
    "terminated, TERMINATED"
  })
  void should_read_ec2_states(String ec2, InstanceState expected) {
    assertThat(AwsFleet.state(ec2, null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "running, InService, Healthy, RUNNING",
    "running, InService, HEALTHY, RUNNING",
    "running, InService, Unhealthy, TERMINATING",
    "running, Pending, Healthy, STARTING",
    "running, Pending:Wait, Healthy, STARTING",
    "running, Terminating, Healthy, TERMINATING",
    "running, Terminating:Wait, Healthy, TERMINATING",
    "running, Standby, Healthy, STOPPED",
    "running, EnteringStandby, Healthy, STOPPED",
    "running, Detaching, Healthy, TERMINATING",
    "stopping, InService, Healthy, STOPPING",
    "stopped, InService, Healthy, STOPPED"
  })
  void should_read_a_group_members_lifecycle_and_health(
      String ec2, String lifecycle, String health, InstanceState expected) {
    Instance member =
        Instance.builder()
            .instanceId("i-0a")
            .lifecycleState(lifecycle)
            .healthStatus(health)
            .build();
    assertThat(AwsFleet.state(ec2, member)).isEqualTo(expected);
  }
}
