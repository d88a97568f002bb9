package dev.shakedown.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one scenario did and measured. Steps record into it; the evidence hook writes it next to the
 * reports and attaches it to the scenario when the scenario ends. One instance per scenario (the DI
 * container's scope), so scenarios never see each other's figures.
 */
public final class Evidence {
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final List<Timeline> timelines = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<Note> notes = new ArrayList<>();
  private String scenario = "";
  private String location = "";
  private Set<String> tags = Set.of();
  private Instant started = Instant.now();

  /** A figure with its unit: {@code measure("steady-state success rate", 100.0, "%")}. */
  public synchronized void measure(String name, double value, String unit) {
    measurements.add(new Measurement(Instant.now(), name, value, unit));
  }

  /** Something the harness did: {@code event("killed cloud-a/cloud-a-1 (pid 4242)")}. */
  public synchronized void event(String what) {
    events.add(new Event(Instant.now(), what));
  }

  /** Something that happened at {@code at}, told later: stamped with when it happened. */
  public synchronized void event(Instant at, String what) {
    events.add(new Event(at, what));
    events.sort(java.util.Comparator.comparing(Event::at));
  }

  /**
   * Per-second figures of something that ran through the scenario (the monitor's probes, a load):
   * the reports draw them, with the fault windows shaded.
   */
  public synchronized void timeline(String name, List<Second> seconds) {
    timelines.removeIf(t -> t.name().equals(name));
    timelines.add(new Timeline(name, List.copyOf(seconds)));
  }

  /** What an operator noted during the scenario, as it happened (a game day's observation). */
  public synchronized void note(Note note) {
    notes.add(note);
  }

  /** A fault from the moment it was applied; {@link #faultEnded} closes it. */
  public synchronized void faultStarted(String what, Instant at) {
    faults.add(new Fault(what, at, null));
  }

  /** Closes every open fault whose description starts with {@code what}. */
  public synchronized void faultEnded(String what, Instant at) {
    faults.replaceAll(f -> f.until() == null && f.what().startsWith(what) ? f.endedAt(at) : f);
  }

  public synchronized void begin(String scenario, String location, Set<String> tags) {
    this.scenario = scenario;
    this.location = location;
    this.tags = Set.copyOf(tags);
    this.started = Instant.now();
  }

  public synchronized Record snapshot(String status) {
    Instant now = Instant.now();
    return new Record(
        scenario,
        location,
        List.copyOf(tags.stream().sorted().toList()),
        status,
        started,
        now,
        List.copyOf(measurements),
        List.copyOf(events),
        List.copyOf(timelines),
        faults.stream().map(f -> f.until() == null ? f.endedAt(now) : f).toList(),
        List.copyOf(notes));
  }

  /** The scenario being recorded, by its name. */
  public synchronized String scenario() {
    return scenario;
  }

  /** Where the scenario being recorded is: {@code features/failover/failover.feature:7}. */
  public synchronized String location() {
    return location;
  }

  public synchronized List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  public record Measurement(Instant at, String name, double value, String unit) {}

  public record Event(Instant at, String what) {}

  /** An operator's note: when it was taken, by whom, what it says. */
  public record Note(Instant at, String author, String text) {}

  /**
   * One second of a timeline.
   *
   * @param at the second's start
   * @param p99Millis of the requests that answered in it; 0 when none did
   */
  public record Second(Instant at, long requests, long succeeded, double p99Millis) {
    public double successPercent() {
      return requests == 0 ? 100 : 100.0 * succeeded / requests;
    }
  }

  public record Timeline(String name, List<Second> seconds) {}

  /** A fault's window; {@code until} is the scenario's end when nothing reverted it earlier. */
  public record Fault(String what, Instant from, Instant until) {
    Fault endedAt(Instant at) {
      return new Fault(what, from, at);
    }
  }

  /** The evidence of a finished scenario, as written to {@code evidence/*.json}. */
  public record Record(
      String scenario,
      String location,
      List<String> tags,
      String status,
      Instant started,
      Instant finished,
      List<Measurement> measurements,
      List<Event> events,
      List<Timeline> timelines,
      List<Fault> faults,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Note> notes) {
    public Record {
      notes = notes == null ? List.of() : List.copyOf(notes); // evidence written before notes
    }
  }
}
