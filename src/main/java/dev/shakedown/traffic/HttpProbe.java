package dev.shakedown.traffic;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Probes one target, one request at a time: the steady state's sample. */
public final class HttpProbe {
  private final ProbeTarget target;
  private final HttpClient http;

  HttpProbe(ProbeTarget target) {
    this.target = target;
    this.http = ProbeCall.client(target.settings().timeout(), target.settings().insecure(), null);
  }

  public ProbeTarget target() {
    return target;
  }

  public ProbeResult probe() {
    Instant at = Instant.now();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(ProbeCall.request(target), ProbeCall.body(target));
      return ProbeCall.answered(target, at, Duration.ofNanos(System.nanoTime() - start), response);
    } catch (IOException e) {
      return ProbeCall.failed(target, at, Duration.ofNanos(System.nanoTime() - start), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeCall.failed(target, at, Duration.ofNanos(System.nanoTime() - start), e);
    }
  }
}
