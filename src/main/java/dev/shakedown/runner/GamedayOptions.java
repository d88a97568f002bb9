package dev.shakedown.runner;

import java.util.List;

/**
 * A game day's run: who watches beside the operator, who paces the disruptions, where notes go.
 *
 * @param observers the names given with --observer, for the run's record
 */
public record GamedayOptions(List<String> observers, Pacer pacer, OperatorNotes notes) {
  public GamedayOptions {
    observers = List.copyOf(observers);
  }
}
