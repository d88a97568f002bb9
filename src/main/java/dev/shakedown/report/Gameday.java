package dev.shakedown.report;

import dev.shakedown.evidence.Evidence;
import java.util.List;

/**
 * A game day's own record: who watched beside the operator, and every note the room took, in the
 * order taken (those taken during a scenario are in its evidence too, on its timelines).
 */
public record Gameday(List<String> observers, List<Evidence.Note> notes) {
  public Gameday {
    observers = observers == null ? List.of() : List.copyOf(observers);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}
