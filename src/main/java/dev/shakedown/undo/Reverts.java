package dev.shakedown.undo;

import java.util.List;

/**
 * What a revert of many handles did: each was tried on its own.
 *
 * @param reverted one line each: {@code stopped aws-eu/i-0a: started again: running}
 * @param left what is still applied, one line each with the reason
 */
public record Reverts(List<String> reverted, List<String> left) {
  public boolean complete() {
    return left.isEmpty();
  }
}
