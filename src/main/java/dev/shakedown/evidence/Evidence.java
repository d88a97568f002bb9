package dev.shakedown.evidence;

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

  public synchronized void begin(String scenario, String location, Set<String> tags) {
    this.scenario = scenario;
    this.location = location;
    this.tags = Set.copyOf(tags);
    this.started = Instant.now();
  }

  public synchronized Record snapshot(String status) {
    return new Record(
        scenario,
        location,
        List.copyOf(tags.stream().sorted().toList()),
        status,
        started,
        Instant.now(),
        List.copyOf(measurements),
        List.copyOf(events));
  }

  public synchronized List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  public record Measurement(Instant at, String name, double value, String unit) {}

  public record Event(Instant at, String what) {}

  /** The evidence of a finished scenario, as written to {@code evidence/*.json}. */
  public record Record(
      String scenario,
      String location,
      List<String> tags,
      String status,
      Instant started,
      Instant finished,
      List<Measurement> measurements,
      List<Event> events) {}
}
