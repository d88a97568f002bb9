package dev.shakedown.fleet;

import java.net.URI;
import java.util.Map;

/**
 * One instance of a cloud as a fleet sees it at one moment.
 *
 * @param id unique within its cloud ({@code cloud-a-1}, {@code i-0abc}, a pod name)
 * @param address where the instance itself serves, bypassing any load balancer
 * @param labels the labels or tags its owner gave it, and only those: a label check reads them
 * @param facts what the harness or the cloud knows of it besides (a local process's {@code pid} and
 *     {@code index}, an instance type): shown in the evidence, never taken for a label
 */
public record Instance(
    String id,
    String cloud,
    String zone,
    URI address,
    InstanceState state,
    Map<String, String> labels,
    Map<String, String> facts) {

  public Instance(
      String id,
      String cloud,
      String zone,
      URI address,
      InstanceState state,
      Map<String, String> labels) {
    this(id, cloud, zone, address, state, labels, Map.of());
  }

  /**
   * Who it is, beyond its name: a cloud that recreates an instance under the same name (a managed
   * instance group does) gives the new one a new {@code uid} fact, so that a replacement is told
   * from the instance it replaced. The id alone where the cloud never reuses one.
   */
  public String identity() {
    String uid = facts.get("uid");
    return uid == null ? id : id + "#" + uid;
  }

  public String qualifiedId() {
    return cloud + "/" + id;
  }

  /** {@code " (pid 4242)"} for an instance that is a process here; empty otherwise. */
  public String pidNote() {
    String pid = facts.get("pid");
    return pid == null ? "" : " (pid " + pid + ")";
  }
}
