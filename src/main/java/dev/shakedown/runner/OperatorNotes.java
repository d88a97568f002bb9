package dev.shakedown.runner;

import dev.shakedown.evidence.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The notes an operator takes during a run, from any thread: each stamped as it is taken, kept for
 * the run's record, and put into the evidence of the scenario running then, if one is.
 */
public final class OperatorNotes {
  private final String author;
  private final List<Evidence.Note> notes = new ArrayList<>();
  private Evidence running;

  public OperatorNotes(String author) {
    this.author = author;
  }

  public synchronized Evidence.Note take(String text) {
    Evidence.Note note = new Evidence.Note(Instant.now(), author, text.strip());
    notes.add(note);
    if (running != null) {
      running.note(note);
    }
    return note;
  }

  /** From now on, notes go into this scenario's evidence too. */
  public synchronized void scenarioStarted(Evidence evidence) {
    running = evidence;
  }

  public synchronized void scenarioEnded(Evidence evidence) {
    if (running == evidence) {
      running = null;
    }
  }

  public synchronized List<Evidence.Note> all() {
    return List.copyOf(notes);
  }
}
