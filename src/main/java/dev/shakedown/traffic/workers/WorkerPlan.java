package dev.shakedown.traffic.workers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.config.LoadSettings;
import dev.shakedown.config.Secret;
import dev.shakedown.config.SuccessSettings;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RequestTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one worker of a distributed load is to send: its share of the one schedule, the requests,
 * and when to start. It holds the load's headers revealed (a token the deployment needs), so it
 * travels only where nothing prints it: a local worker's standard input, a Kubernetes Secret.
 *
 * @param index the worker's number, from 0: it sends the requests numbered {@code index} modulo
 *     {@code workers}
 * @param from the whole schedule's starting rate, per second
 * @param to its rate at the end
 * @param firstSeq what the first measured request of the whole load is numbered ({@code {seq}}):
 *     after the warm-up's
 * @param startAt when to send, as epoch milliseconds; 0 to wait for {@code start} on standard input
 */
public record WorkerPlan(
    int index,
    int workers,
    URI endpoint,
    String method,
    String path,
    Map<String, String> headers,
    String body,
    String acceptedId,
    String successStatus,
    String successBody,
    int connections,
    int maxInFlight,
    long timeoutMillis,
    long maxSendLagMillis,
    long warmUpMillis,
    double from,
    double to,
    long durationNanos,
    long firstSeq,
    long startAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Worker {@code index}'s plan for {@code schedule}: connections and in-flight limits are shared
   * out, rounded up, so that the workers together hold what one generator would.
   */
  public static WorkerPlan of(
      int index,
      int workers,
      URI endpoint,
      LoadSettings load,
      RateSchedule schedule,
      long firstSeq,
      long startAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    load.headers().forEach((name, value) -> headers.put(name, value.reveal()));
    return new WorkerPlan(
        index,
        workers,
        endpoint,
        load.method(),
        load.path(),
        headers,
        load.body(),
        load.acceptedId(),
        load.success().status(),
        load.success().body(),
        ceilDiv(load.connections(), workers),
        ceilDiv(load.maxInFlight(), workers),
        load.timeout().toMillis(),
        load.maxSendLag().toMillis(),
        load.warmUp().toMillis(),
        schedule.from(),
        schedule.to(),
        schedule.duration().toNanos(),
        firstSeq,
        startAt);
  }

  private static int ceilDiv(int value, int by) {
    return (value + by - 1) / by;
  }

  /** The same plan for worker {@code other} (a pod told its share by its completion index). */
  public WorkerPlan asWorker(int other) {
    if (other < 0 || other >= workers) {
      throw new IllegalArgumentException("no worker " + other + " of " + workers);
    }
    return new WorkerPlan(
        other,
        workers,
        endpoint,
        method,
        path,
        headers,
        body,
        acceptedId,
        successStatus,
        successBody,
        connections,
        maxInFlight,
        timeoutMillis,
        maxSendLagMillis,
        warmUpMillis,
        from,
        to,
        durationNanos,
        firstSeq,
        startAt);
  }

  /** The whole schedule, of which this worker sends its share. */
  public RateSchedule schedule() {
    return RateSchedule.of(from, to, Duration.ofNanos(durationNanos));
  }

  /** The load's settings as this worker applies them: its share of connections and in flight. */
  public LoadSettings settings() {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    headers.forEach((name, value) -> secrets.put(name, new Secret(value)));
    return new LoadSettings(
        method,
        path,
        secrets,
        body,
        acceptedId,
        null,
        connections,
        maxInFlight,
        Duration.ofMillis(timeoutMillis),
        Duration.ofMillis(maxSendLagMillis),
        Duration.ofMillis(warmUpMillis),
        new SuccessSettings(successStatus, successBody),
        null,
        null,
        1,
        LoadSettings.LOCAL,
        null,
        null);
  }

  public RequestTemplate template() {
    return new RequestTemplate(endpoint, settings());
  }

  /** One line of JSON, secrets and all: for a worker's standard input or a Kubernetes Secret. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static WorkerPlan fromJson(String json) {
    try {
      return JSON.readValue(json, WorkerPlan.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a load worker's plan (" + e.getOriginalMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    // A record's own toString would print the headers, which may hold a token.
    return "WorkerPlan[worker " + (index + 1) + " of " + workers + " to " + endpoint + "]";
  }
}
