package dev.shakedown.traffic.workers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One worker's figures as its output gave them ({@link WorkerOutput}): its histograms read back
 * from the interval log, its counts from the report line.
 */
record WorkerReport(
    int worker,
    double targetRate,
    double achievedRate,
    long planned,
    long sent,
    long succeeded,
    Map<String, Long> failures,
    Histogram fromPlanned,
    Histogram fromSend,
    Histogram sendLag,
    Map<Long, Histogram> secondLatency,
    Map<Long, long[]> seconds,
    List<String> acceptedIds,
    List<Duration> acceptedAfter,
    Duration elapsed,
    double cpuLoad,
    Optional<String> halted,
    Optional<String> behind) {

  long failed() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * @param hdr the interval log's lines, without their {@code hdr } prefix
   * @param report the report line's JSON
   */
  static WorkerReport read(int worker, List<String> hdr, String report) {
    Histogram planned = null;
    Histogram send = null;
    Histogram lag = null;
    Map<Long, Histogram> perSecond = new TreeMap<>();
    byte[] log = String.join("\n", hdr).concat("\n").getBytes(StandardCharsets.UTF_8);
    try (HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log))) {
      EncodableHistogram next;
      while ((next = reader.nextIntervalHistogram()) != null) {
        if (!(next instanceof Histogram histogram)) {
          throw new IllegalArgumentException("worker " + worker + " sent a histogram of doubles");
        }
        String tag = String.valueOf(histogram.getTag());
        if (tag.equals(WorkerOutput.tag(worker, WorkerOutput.PLANNED))) {
          planned = histogram;
        } else if (tag.equals(WorkerOutput.tag(worker, WorkerOutput.SEND))) {
          send = histogram;
        } else if (tag.equals(WorkerOutput.tag(worker, WorkerOutput.LAG))) {
          lag = histogram;
        } else if (tag.equals(WorkerOutput.tag(worker, WorkerOutput.SECOND))) {
          perSecond.put(Math.round(histogram.getStartTimeStamp() / 1000.0), histogram);
        } else {
          throw new IllegalArgumentException(
              "worker " + worker + " sent a histogram tagged " + tag + ", not its own");
        }
      }
    }
    if (planned == null || send == null || lag == null) {
      throw new IllegalArgumentException("worker " + worker + " sent no whole-share histograms");
    }
    JsonNode json = WorkerOutput.parse(report);
    if (json.path("worker").asInt(-1) != worker) {
      throw new IllegalArgumentException(
          "the report of worker " + worker + " says it is worker " + json.path("worker"));
    }
    Map<String, Long> failures = new TreeMap<>();
    json.path("failures")
        .properties()
        .forEach(f -> failures.put(f.getKey(), f.getValue().asLong()));
    Map<Long, long[]> seconds = new TreeMap<>();
    for (JsonNode second : json.path("seconds")) {
      seconds.put(
          second.get(0).asLong(),
          new long[] {second.get(1).asLong(), second.get(2).asLong(), second.get(3).asLong()});
    }
    List<String> ids = new ArrayList<>();
    json.path("acceptedIds").forEach(id -> ids.add(id.asText()));
    List<Duration> after = new ArrayList<>();
    json.path("acceptedAfterNanos").forEach(n -> after.add(Duration.ofNanos(n.asLong())));
    long succeeded = json.path("succeeded").asLong();
    long inSeconds = perSecond.values().stream().mapToLong(Histogram::getTotalCount).sum();
    boolean whole = text(json, "halted").isEmpty();
    // The figures must add up: a log cut short (a line lost) would lower a percentile unseen.
    if (planned.getTotalCount() != succeeded
        || inSeconds != succeeded
        || whole && lag.getTotalCount() != json.path("planned").asLong()) {
      throw new IllegalArgumentException(
          "worker "
              + (worker + 1)
              + "'s figures do not add up ("
              + succeeded
              + " succeeded, "
              + planned.getTotalCount()
              + " latencies, "
              + inSeconds
              + " in its seconds, "
              + lag.getTotalCount()
              + " of "
              + json.path("planned").asLong()
              + " sends): its output was cut short");
    }
    return new WorkerReport(
        worker,
        json.path("targetRate").asDouble(),
        json.path("achievedRate").asDouble(),
        json.path("planned").asLong(),
        json.path("sent").asLong(),
        json.path("succeeded").asLong(),
        failures,
        planned,
        send,
        lag,
        perSecond,
        seconds,
        ids,
        after,
        Duration.ofNanos(json.path("elapsedNanos").asLong()),
        json.path("cpuLoad").asDouble(),
        text(json, "halted"),
        text(json, "behind"));
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
