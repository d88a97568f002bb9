package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.ProbeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns what the monitor and the load generator saw into per-second evidence timelines. */
final class Timelines {
  private Timelines() {}

  /** One entry per second from {@code start}, empty seconds included, so gaps show as gaps. */
  static List<Evidence.Second> ofProbes(Instant start, List<ProbeResult> results) {
    Map<Long, Histogram> latency = new TreeMap<>();
    Map<Long, long[]> counts = new TreeMap<>();
    long last = -1;
    for (ProbeResult result : results) {
      long second = Math.max(0, (result.at().toEpochMilli() - start.toEpochMilli()) / 1000);
      last = Math.max(last, second);
      long[] count = counts.computeIfAbsent(second, s -> new long[2]);
      count[0]++;
      if (result.ok()) {
        count[1]++;
        latency
            .computeIfAbsent(second, s -> new Histogram(3))
            .recordValue(Math.max(0, result.latency().toNanos()));
      }
    }
    List<Evidence.Second> seconds = new ArrayList<>();
    for (long second = 0; second <= last; second++) {
      long[] count = counts.getOrDefault(second, new long[2]);
      Histogram histogram = latency.get(second);
      seconds.add(
          new Evidence.Second(
              start.plusSeconds(second),
              count[0],
              count[1],
              histogram == null ? 0 : histogram.getValueAtPercentile(99) / 1e6));
    }
    return seconds;
  }

  static List<Evidence.Second> ofLoad(Instant start, LoadResult result) {
    return result.intervals().stream()
        .map(
            second ->
                new Evidence.Second(
                    start.plusSeconds(second.second()),
                    second.succeeded() + second.failed(),
                    second.succeeded(),
                    second.p99Millis()))
        .toList();
  }
}
