package dev.shakedown.traffic;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  /**
   * One probe, bounded as a whole by the target's timeout: the JDK client's own request timeout
   * stops counting once the headers are in, and a body that stalls would hold the sample forever.
   */
  public ProbeResult probe() {
    Instant at = Instant.now();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(ProbeCall.request(target), ProbeCall.body(target));
    try {
      HttpResponse<String> response =
          call.get(target.settings().timeout().toNanos(), TimeUnit.NANOSECONDS);
      return ProbeCall.answered(target, at, Duration.ofNanos(System.nanoTime() - start), response);
    } catch (TimeoutException e) {
      call.cancel(true);
      return ProbeCall.failed(
          target,
          at,
          Duration.ofNanos(System.nanoTime() - start),
          new HttpTimeoutException("request timed out"));
    } catch (ExecutionException e) {
      return ProbeCall.failed(
          target, at, Duration.ofNanos(System.nanoTime() - start), e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return ProbeCall.failed(target, at, Duration.ofNanos(System.nanoTime() - start), e);
    }
  }
}
