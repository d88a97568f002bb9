package dev.shakedown.fleet.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.ManagedInstanceInstanceHealth;
import dev.shakedown.fleet.InstanceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compute's instance statuses and a MIG member's currentAction and health, as the API says. */
class GcpStatesTest {
  @ParameterizedTest
  @CsvSource({
    "PROVISIONING, STARTING",
    "STAGING, STARTING",
    "RUNNING, RUNNING",
    "STOPPING, STOPPING",
    "SUSPENDING, STOPPING",
    // TERMINATED is Compute's stopped instance, which can be started again.
    "TERMINATED, STOPPED",
    "SUSPENDED, STOPPED",
    "REPAIRING, STARTING"
  })
  void should_read_compute_statuses(String status, InstanceState expected) {
    assertThat(GcpFleet.state(status, null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "RUNNING, NONE, , RUNNING",
    "RUNNING, NONE, HEALTHY, RUNNING",
    "RUNNING, NONE, UNHEALTHY, STARTING",
    "RUNNING, NONE, DRAINING, TERMINATING",
    "RUNNING, VERIFYING, HEALTHY, STARTING",
    "PROVISIONING, CREATING, , STARTING",
    ", CREATING, , STARTING",
    "RUNNING, RECREATING, , STARTING",
    "RUNNING, DELETING, , TERMINATING",
    "RUNNING, STOPPING, , STOPPING",
    "TERMINATED, NONE, , STOPPED",
    "TERMINATED, STOPPING, , STOPPED"
  })
  void should_read_a_members_action_and_health(
      String status, String action, String health, InstanceState expected) {
    ManagedInstance.Builder member = ManagedInstance.newBuilder().setCurrentAction(action);
    if (health != null) {
      member.addInstanceHealth(
          ManagedInstanceInstanceHealth.newBuilder().setDetailedHealthState(health));
    }
    assertThat(GcpFleet.state(status, member.build())).isEqualTo(expected);
  }
}
