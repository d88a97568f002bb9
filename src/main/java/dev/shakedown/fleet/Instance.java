package dev.shakedown.fleet;

import java.net.URI;
import java.util.Map;

/**
 * One instance of a cloud as a fleet sees it at one moment.
 *
 * @param id unique within its cloud ({@code cloud-a-1}, {@code i-0abc}, a pod name)
 * @param address where the instance itself serves, bypassing any load balancer
 */
public record Instance(
    String id,
    String cloud,
    String zone,
    URI address,
    InstanceState state,
    Map<String, String> labels) {

  public String qualifiedId() {
    return cloud + "/" + id;
  }
}
