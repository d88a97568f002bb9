package dev.shakedown.undo;

/** Puts one disruption back and checks it is back; throws when it is still applied. */
@FunctionalInterface
public interface Undoer {
  /**
   * @return what was done, for the evidence: {@code started again: running}
   */
  String undo() throws Exception;
}
