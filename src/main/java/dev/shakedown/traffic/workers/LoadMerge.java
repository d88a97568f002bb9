package dev.shakedown.traffic.workers;

import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The workers' figures as one load's: counts added, histograms added (so that a percentile is of
 * every request, as one generator would have measured it), accepted writes in the order they were
 * accepted, and each worker's own figures kept beside them.
 */
final class LoadMerge {
  private LoadMerge() {}

  /**
   * @param where for each worker, where it ran ({@code pid 4242}, {@code pod load-x-0})
   * @param cpuShared whether the workers ran on this machine, whose CPU they share: their loads are
   *     then added; else the busiest worker's is the result's
   */
  static LoadResult merge(
      RateSchedule schedule,
      Instant started,
      List<WorkerReport> reports,
      List<String> where,
      boolean cpuShared,
      Optional<String> halted) {
    Histogram planned = new Histogram(3);
    Histogram send = new Histogram(3);
    Histogram lag = new Histogram(3);
    Map<Long, Histogram> secondLatency = new TreeMap<>();
    Map<Long, long[]> seconds = new TreeMap<>();
    Map<String, Long> failures = new TreeMap<>();
    List<Accepted> accepted = new ArrayList<>();
    long sent = 0;
    long succeeded = 0;
    long elapsed = 0;
    double cpu = 0;
    List<LoadResult.WorkerFigures> figures = new ArrayList<>();
    for (WorkerReport report : reports) {
      planned.add(report.fromPlanned());
      send.add(report.fromSend());
      lag.add(report.sendLag());
      report
          .secondLatency()
          .forEach(
              (second, h) -> secondLatency.computeIfAbsent(second, s -> new Histogram(3)).add(h));
      report
          .seconds()
          .forEach(
              (second, counts) -> {
                long[] into = seconds.computeIfAbsent(second, s -> new long[3]);
                for (int i = 0; i < 3; i++) {
                  into[i] += counts[i];
                }
              });
      report.failures().forEach((kind, count) -> failures.merge(kind, count, Long::sum));
      for (int i = 0; i < report.acceptedIds().size(); i++) {
        accepted.add(new Accepted(report.acceptedIds().get(i), report.acceptedAfter().get(i)));
      }
      sent += report.sent();
      succeeded += report.succeeded();
      elapsed = Math.max(elapsed, report.elapsed().toNanos());
      cpu = cpuShared ? cpu + report.cpuLoad() : Math.max(cpu, report.cpuLoad());
      figures.add(
          new LoadResult.WorkerFigures(
              report.worker(),
              where.size(),
              where.get(report.worker()),
              report.targetRate(),
              report.achievedRate(),
              report.sent(),
              report.succeeded(),
              report.failed(),
              Duration.ofNanos(report.fromPlanned().getValueAtPercentile(99)),
              Duration.ofNanos(report.sendLag().getValueAtPercentile(99)),
              report.cpuLoad(),
              report.behind()));
    }
    accepted.sort(Comparator.comparing(Accepted::after));
    List<LoadResult.Interval> intervals = new ArrayList<>();
    seconds.forEach(
        (second, counts) ->
            intervals.add(
                new LoadResult.Interval(
                    second,
                    schedule.rateAt(Duration.ofSeconds(second)),
                    counts[0],
                    counts[1],
                    counts[2],
                    secondLatency.get(second))));
    // Every attempt to send, sent or not, left one send lag: the count of all attempts.
    long attempts = lag.getTotalCount();
    Duration took =
        halted.isPresent()
            ? Duration.ofNanos(Math.max(1, elapsed))
            : Duration.ofNanos(Math.max(elapsed, schedule.duration().toNanos()));
    return new LoadResult(
        schedule.count() / (schedule.duration().toNanos() / 1e9),
        attempts / (took.toNanos() / 1e9),
        schedule.count(),
        sent,
        succeeded,
        Map.copyOf(failures),
        planned,
        send,
        lag,
        List.copyOf(intervals),
        accepted.stream().map(Accepted::id).toList(),
        accepted.stream().map(Accepted::after).toList(),
        started,
        took,
        cpu,
        halted,
        figures.stream().sorted(Comparator.comparingInt(LoadResult.WorkerFigures::index)).toList());
  }

  private record Accepted(String id, Duration after) {}
}
