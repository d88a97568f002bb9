package dev.shakedown.cli;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.OperatorNotes;
import dev.shakedown.runner.Pacer;
import dev.shakedown.runner.SkippedByOperator;
import dev.shakedown.traffic.HaltedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The operator's side of a game day, a line at a time on the terminal: before each step that
 * disrupts, Enter goes, {@code s} skips, {@code a} aborts; at any time, {@code n} takes a note (on
 * the next line, or after it: {@code n the router logged 502s}) and {@code a} aborts, as Ctrl-C
 * does.
 */
final class OperatorConsole implements Pacer {
  static final String KEYS = "[Enter] go   s skip   a abort   n note";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final String ABORT = "a";

  private final OperatorNotes notes;
  private final PrintWriter out;
  private final java.util.function.Supplier<Abort> abort;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private volatile boolean awaiting;
  private volatile boolean aborted;
  private volatile boolean noteNext; // written by the reader thread alone

  private OperatorConsole(
      OperatorNotes notes, PrintWriter out, java.util.function.Supplier<Abort> abort) {
    this.notes = notes;
    this.out = out;
    this.abort = abort;
  }

  /**
   * Reads the operator's lines from {@code in} on a thread of its own from now on.
   *
   * @param abort what an abort does: what Ctrl-C does, revert everything and end the run
   */
  static OperatorConsole start(
      InputStream in,
      PrintWriter out,
      OperatorNotes notes,
      java.util.function.Supplier<Abort> abort) {
    OperatorConsole console = new OperatorConsole(notes, out, abort);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  console.handle(line);
                }
              } catch (IOException e) {
                // The terminal is gone: nobody is left to say go, so nothing more goes.
              }
              console.terminalClosed();
            },
            "shakedown-operator");
    reader.setDaemon(true);
    reader.start();
    return console;
  }

  @Override
  public void beforeDisruption(Disruption next) {
    answers.clear();
    awaiting = true; // before the question shows: an Enter typed as it appears is kept
    try {
      synchronized (out) {
        out.println();
        out.println("next: " + next.step());
        next.willDo().forEach(line -> out.println("  -> will " + line));
        if (!next.stillApplied().isEmpty()) {
          out.println("  still applied while you decide:");
          next.stillApplied().forEach(line -> out.println("    " + line));
        }
        out.println(KEYS);
        out.flush();
      }
      String answer = await(next);
      if (answer.equals("s")) {
        say("skipped: the rest of this scenario is skipped too, its checks not made");
        throw new SkippedByOperator(next.step());
      }
      say("go");
    } finally {
      awaiting = false;
    }
  }

  /**
   * The operator's answer; an abort, by the operator or by Ctrl-C, or a halt of the run while asked
   * answers for them.
   */
  private String await(Disruption next) {
    while (true) {
      if (aborted) {
        throw new HaltedException("aborted by the operator");
      }
      Optional<String> halted = next.halted().get();
      if (halted.isPresent()) {
        say("not asked any more: " + halted.get());
        throw new HaltedException(halted.get());
      }
      try {
        String answer = answers.poll(200, TimeUnit.MILLISECONDS);
        if (answer != null) {
          return answer;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HaltedException("interrupted while waiting for the operator");
      }
    }
  }

  /**
   * The operator is being asked, or is typing a note: a terminal's updating progress line, drawn
   * with a carriage return, would write over the question or the note.
   */
  boolean holdsTheLine() {
    return awaiting || noteNext;
  }

  void handle(String line) {
    // What a terminal sends besides text (an arrow key's escape sequence) is no note.
    String text =
        line.replaceAll("\u001b\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\\p{Cntrl}", "").strip();
    if (notes.closed()) {
      if (!text.isEmpty()) {
        say("the run is being sealed: nothing to abort or note any more");
      }
      return;
    }
    if (text.equals(ABORT)) {
      noteNext = false;
      abort();
      return;
    }
    if (noteNext) {
      noteNext = false;
      if (text.isEmpty()) {
        say("no note taken");
      } else {
        note(text);
      }
      return;
    }
    if (text.equals("n")) {
      noteNext = true;
      synchronized (out) {
        out.print("note: ");
        out.flush();
      }
    } else if (text.startsWith("n ")) {
      note(text.substring(2));
    } else if (awaiting && (text.isEmpty() || text.equals("s"))) {
      answers.add(text);
    } else if (!text.isEmpty()) {
      say(
          awaiting
              ? "'" + text + "' is none of the keys: " + KEYS
              : "n NOTE takes a note, a aborts the run; go and skip are asked before each disruption");
    }
  }

  private void note(String text) {
    Optional<Evidence.Note> note = notes.take(text);
    if (note.isPresent()) {
      say("noted at " + CLOCK.format(note.get().at()) + ": " + note.get().text());
    } else {
      say("not noted: the run's record is written already");
    }
  }

  private void abort() {
    if (aborted) {
      say("aborting already");
      return;
    }
    Abort outcome = abort.get();
    // Only an abort the run took is sticky: one refused (the run is over) changes nothing.
    aborted = outcome.accepted();
    say(outcome.said());
  }

  private void terminalClosed() {
    if (!aborted && !notes.closed()) {
      say("the terminal closed: aborting, as nobody is left to say go");
      abort();
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
