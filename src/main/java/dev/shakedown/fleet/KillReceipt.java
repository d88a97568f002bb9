package dev.shakedown.fleet;

import dev.shakedown.undo.Handle;
import java.time.Instant;
import java.util.List;

/**
 * What a kill did, for the steps that check its consequences: a kill cannot be undone, so instead
 * of a handle it leaves a receipt (were they replaced, and how fast).
 *
 * @param before how many instances the cloud had before the kill: what "replaced" restores
 * @param at when the first kill was sent
 * @param handle open until the cloud is seen whole again: its revert waits for that
 */
public record KillReceipt(
    String cloud, List<Instance> killed, int before, Instant at, Instant done, Handle handle) {

  public String describe() {
    return killed.size() == 1
        ? killed.get(0).qualifiedId()
        : killed.size()
            + " instances of "
            + cloud
            + " ("
            + String.join(", ", killed.stream().map(Instance::id).toList())
            + ")";
  }
}
