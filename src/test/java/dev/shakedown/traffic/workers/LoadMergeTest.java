package dev.shakedown.traffic.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Workers' figures through their output and back, merged: as one generator's, exactly. */
class LoadMergeTest {
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void should_merge_the_workers_histograms_into_the_percentiles_of_every_request() {
    RateSchedule schedule = RateSchedule.constant(1_000, Duration.ofSeconds(3));
    Random random = new Random(42);
    Histogram all = new Histogram(3);
    List<Histogram[]> perWorker = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      perWorker.add(new Histogram[] {new Histogram(3), new Histogram(3), new Histogram(3)});
    }
    for (long i = 0; i < schedule.count(); i++) {
      // A long tail, and worker 2 slower than the others: an average of p99s would be wrong.
      long nanos = (long) (1e6 * (5 + random.nextExponential() * (i % 3 == 2 ? 40 : 4)));
      all.recordValue(nanos);
      Histogram[] mine = perWorker.get((int) (i % 3));
      mine[(int) ((i % 1000) / 334)].recordValue(nanos);
    }
    List<WorkerReport> reports = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      reports.add(throughOutput(w, result(schedule.share(w, 3), perWorker.get(w))));
    }

    LoadResult merged =
        LoadMerge.merge(
            schedule, START, reports, List.of("pid 1", "pid 2", "pid 3"), true, Optional.empty());

    assertThat(merged.fromPlanned().getTotalCount()).isEqualTo(all.getTotalCount());
    for (double percentile : new double[] {50, 90, 99, 99.9, 100}) {
      assertThat(merged.fromPlanned().getValueAtPercentile(percentile))
          .as("p" + percentile)
          .isEqualTo(all.getValueAtPercentile(percentile));
    }
    assertThat(merged.succeeded()).isEqualTo(schedule.count());
    assertThat(merged.workers())
        .extracting(LoadResult.WorkerFigures::where)
        .containsExactly("pid 1", "pid 2", "pid 3");
    assertThat(merged.workers().get(2).p99FromPlanned())
        .isGreaterThan(merged.workers().get(0).p99FromPlanned().multipliedBy(5));
    // Per second, too: each second's p99 is of every request in it.
    assertThat(merged.intervals()).hasSize(3);
    assertThat(merged.intervals().stream().mapToLong(LoadResult.Interval::succeeded).sum())
        .isEqualTo(schedule.count());
    Histogram firstSecond = new Histogram(3);
    perWorker.forEach(w -> firstSecond.add(w[0]));
    assertThat(merged.intervals().get(0).latency().getValueAtPercentile(99))
        .isEqualTo(firstSecond.getValueAtPercentile(99));
  }

  @Test
  void should_share_a_schedule_out_exactly_and_number_each_request_as_the_whole_does() {
    for (RateSchedule whole :
        List.of(
            RateSchedule.constant(300, Duration.ofSeconds(7)),
            RateSchedule.ramp(100, 1_000, Duration.ofSeconds(20)))) {
      for (int workers = 1; workers <= 4; workers++) {
        List<Long> offsets = new ArrayList<>();
        long count = 0;
        for (int w = 0; w < workers; w++) {
          RateSchedule share = whole.share(w, workers);
          count += share.count();
          for (long j = 0; j < share.count(); j++) {
            assertThat(share.offsetNanos(j))
                .isEqualTo(whole.offsetNanos(RateSchedule.inShare(w, workers, j)));
            offsets.add(share.offsetNanos(j));
          }
        }
        assertThat(count).isEqualTo(whole.count());
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < whole.count(); i++) {
          expected.add(whole.offsetNanos(i));
        }
        assertThat(offsets).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(RateSchedule.of(whole.from(), whole.to(), whole.duration()).count())
          .isEqualTo(whole.count());
    }
  }

  @Test
  void should_refuse_a_workers_output_cut_short() {
    RateSchedule share = RateSchedule.constant(1_000, Duration.ofSeconds(3)).share(0, 1);
    Histogram[] seconds = {new Histogram(3), new Histogram(3), new Histogram(3)};
    for (int s = 0; s < 3; s++) {
      seconds[s].recordValueWithCount(1_000_000L * (s + 1), 1_000);
    }
    Output written = written(0, result(share, seconds));
    List<String> hdr = new ArrayList<>(written.hdr());
    hdr.remove(hdr.stream().filter(l -> l.startsWith("Tag=w0.second")).findFirst().orElseThrow());
    String whole = written.report();

    assertThatThrownBy(() -> WorkerReport.read(0, hdr, whole))
        .hasMessageStartingWith(
            "worker 1's figures do not add up (3000 succeeded, 3000 latencies, 2000 in its seconds");
  }

  /** A worker's share: one second per histogram, every request answered. */
  private static LoadResult result(RateSchedule share, Histogram[] seconds) {
    Histogram planned = new Histogram(3);
    List<LoadResult.Interval> intervals = new ArrayList<>();
    long total = 0;
    for (int s = 0; s < seconds.length; s++) {
      planned.add(seconds[s]);
      total += seconds[s].getTotalCount();
      intervals.add(
          new LoadResult.Interval(
              s,
              share.rateAt(Duration.ofSeconds(s)),
              seconds[s].getTotalCount(),
              seconds[s].getTotalCount(),
              0,
              seconds[s]));
    }
    Histogram lag = new Histogram(3);
    lag.recordValueWithCount(20_000, total);
    return new LoadResult(
        share.count() / 3.0,
        total / 3.0,
        share.count(),
        total,
        total,
        Map.of(),
        planned,
        planned,
        lag,
        intervals,
        List.of(),
        List.of(),
        START,
        Duration.ofSeconds(3),
        0.1,
        Optional.empty(),
        List.of());
  }

  /** Written as a worker writes it, and read back as the coordinator reads it. */
  static WorkerReport throughOutput(int worker, LoadResult result) {
    Output written = written(worker, result);
    return WorkerReport.read(worker, written.hdr(), written.report());
  }

  /** A worker's output: its interval log's lines, and its report line. */
  private record Output(List<String> hdr, String report) {}

  private static Output written(int worker, LoadResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    WorkerOutput.write(out, worker, result, Optional.empty());
    List<String> hdr = new ArrayList<>();
    String report = null;
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(WorkerOutput.HDR)) {
        hdr.add(line.substring(WorkerOutput.HDR.length()));
      } else if (line.startsWith(WorkerOutput.REPORT)) {
        report = line.substring(WorkerOutput.REPORT.length());
      }
    }
    return new Output(hdr, report);
  }
}
