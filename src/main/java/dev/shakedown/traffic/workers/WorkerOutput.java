package dev.shakedown.traffic.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shakedown.traffic.LoadResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * What a worker writes on its standard output, one line each, for the coordinator to read from a
 * pipe or a pod's log alike: {@code ready}, {@code progress ...}, its histograms as an HdrHistogram
 * interval log ({@code hdr ...} lines: per second of the schedule, then the whole share, tagged by
 * worker), its counts as one {@code report {json}} line, and {@code done}. Histograms travel whole,
 * so that the coordinator's percentiles are those of every request, never an average of workers'.
 */
public final class WorkerOutput {
  static final String READY = "ready";
  static final String PROGRESS = "progress ";
  static final String HDR = "hdr ";
  static final String REPORT = "report ";
  static final String DONE = "done";
  static final String PLANNED = "planned";
  static final String SEND = "send";
  static final String LAG = "lag";
  static final String SECOND = "second";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkerOutput() {}

  static String tag(int worker, String what) {
    return "w" + worker + "." + what;
  }

  /** Writes {@code result}, and how the share fell behind if it did, then {@code done}. */
  static void write(PrintStream out, int worker, LoadResult result, Optional<String> behind) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    HistogramLogWriter writer = new HistogramLogWriter(log);
    writer.outputLogFormatVersion();
    writer.outputLegend();
    for (LoadResult.Interval interval : result.intervals()) {
      if (interval.latency() != null) {
        Histogram second = interval.latency().copy();
        second.setTag(tag(worker, SECOND));
        writer.outputIntervalHistogram(interval.second(), interval.second() + 1, second, 1.0);
      }
    }
    double end = result.elapsed().toNanos() / 1e9;
    writeWhole(writer, result.fromPlanned(), tag(worker, PLANNED), end);
    writeWhole(writer, result.fromSend(), tag(worker, SEND), end);
    writeWhole(writer, result.sendLag(), tag(worker, LAG), end);
    writer.close();
    for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.println(HDR + line.strip());
      }
    }
    ObjectNode report = JSON.createObjectNode();
    report.put("worker", worker);
    report.put("targetRate", result.targetRate());
    report.put("achievedRate", result.achievedRate());
    report.put("planned", result.planned());
    report.put("sent", result.sent());
    report.put("succeeded", result.succeeded());
    ObjectNode failures = report.putObject("failures");
    result.failures().forEach(failures::put);
    report.put("elapsedNanos", result.elapsed().toNanos());
    report.put("cpuLoad", result.cpuLoad());
    result.halted().ifPresent(halted -> report.put("halted", halted));
    behind.ifPresent(b -> report.put("behind", b));
    ArrayNode seconds = report.putArray("seconds");
    for (LoadResult.Interval interval : result.intervals()) {
      seconds
          .addArray()
          .add(interval.second())
          .add(interval.sent())
          .add(interval.succeeded())
          .add(interval.failed());
    }
    ArrayNode ids = report.putArray("acceptedIds");
    result.acceptedIds().forEach(ids::add);
    ArrayNode after = report.putArray("acceptedAfterNanos");
    result.acceptedAfter().forEach(d -> after.add(d.toNanos()));
    out.println(REPORT + report);
    out.println(DONE);
    out.flush();
  }

  private static void writeWhole(
      HistogramLogWriter writer, Histogram whole, String tag, double end) {
    Histogram tagged = whole.copy();
    tagged.setTag(tag);
    writer.outputIntervalHistogram(0, Math.max(end, 0.001), tagged, 1.0);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a worker's report is not JSON: " + e.getOriginalMessage());
    }
  }
}
