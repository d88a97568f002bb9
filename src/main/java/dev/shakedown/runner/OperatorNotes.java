package dev.shakedown.runner;

import dev.shakedown.evidence.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notes an operator takes during a run, from any thread: each stamped as it is taken, kept for
 * the run's record, and put into the evidence of the scenario running then, if one is.
 */
public final class OperatorNotes {
  private final String author;
  private final List<Evidence.Note> notes = new ArrayList<>();
  private Evidence running;
  private boolean closed;

  public OperatorNotes(String author) {
    this.author = author;
  }

  /** The note as taken; empty once the run's record is written, which it would not be in. */
  public synchronized Optional<Evidence.Note> take(String text) {
    if (closed) {
      return Optional.empty();
    }
    Evidence.Note note = new Evidence.Note(Instant.now(), author, text.strip());
    notes.add(note);
    if (running != null) {
      running.note(note);
    }
    return Optional.of(note);
  }

  /** Whether the run's record is written: the run is being sealed, its game day over. */
  public synchronized boolean closed() {
    return closed;
  }

  /** The notes as the run's record keeps them: none is taken after. */
  synchronized List<Evidence.Note> close() {
    closed = true;
    return List.copyOf(notes);
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
