package dev.shakedown.traffic;

import dev.shakedown.config.ProbeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Entry points of the probing API, usable from a JUnit test without Gherkin. */
public final class Probes {
  private Probes() {}

  /**
   * Loads the JDK's HTTP client by probing a port nothing listens on. The first request through it
   * pays for its class loading; paid here, in the background while the clouds start, it is not
   * counted as the deployment's latency in the first sample.
   */
  public static void warmUp() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      return; // warming up is an optimisation; the first real probe pays the cost instead
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
    http(new ProbeTarget("warm-up", nowhere, ProbeSettings.DEFAULTS, "")).probe();
  }

  public static HttpProbe http(ProbeTarget target) {
    return new HttpProbe(target);
  }

  /**
   * Probes every target once per {@code interval} for {@code duration}. Blocking; the caller's
   * thread does the probing so a sample can never outlive its step.
   */
  public static ProbeSample sample(
      List<ProbeTarget> targets, Duration duration, Duration interval) {
    return sample(targets, duration, interval, () -> false);
  }

  /**
   * As {@link #sample(List, Duration, Duration)}, ending early once {@code stop} says so (the run
   * halted).
   */
  public static ProbeSample sample(
      List<ProbeTarget> targets,
      Duration duration,
      Duration interval,
      java.util.function.BooleanSupplier stop) {
    List<HttpProbe> probes = targets.stream().map(Probes::http).toList();
    ProbeSample.Builder sample = ProbeSample.builder();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long round = 0;
    do {
      for (HttpProbe probe : probes) {
        sample.add(probe.probe());
      }
      round++;
      long next = start + round * interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0 && next < end) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } while (System.nanoTime() < end && !stop.getAsBoolean());
    return sample.build();
  }
}
