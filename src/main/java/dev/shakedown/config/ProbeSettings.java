package dev.shakedown.config;

import java.time.Duration;
import java.util.Map;

@Doc("How an endpoint is probed: which path, how often, how patiently, and what counts as serving.")
public record ProbeSettings(
    @Doc(
            value = "Path requested by every probe; a 2xx answer counts as a success.",
            example = "/health")
        String path,
    @Doc(
            value = "How long one probe request may take before it counts as a failure.",
            example = "2s")
        Duration timeout,
    @Doc(value = "Pause between two probes of the steady-state sample.", example = "100ms")
        Duration interval,
    @Doc(
            value = "How long the steady-state sample of 'the deployment is serving' lasts.",
            example = "2s")
        Duration sample,
    @Doc(value = "Success rate the steady-state sample needs.", example = "99%")
        Percentage steadyState,
    @Doc("Accept any TLS certificate, for endpoints with a self-signed one. Off by default.")
        Boolean insecure,
    @Doc(
            value =
                "Headers sent with every probe, e.g. Authorization. Their values are secret: never printed.",
            example = "{ Authorization: \"Bearer ${TOKEN}\" }")
        Map<String, Secret> headers,
    @Doc("What counts as a successful probe; default: any 2xx.") SuccessSettings success) {

  /** What java.net.http refuses to let a caller set (jdk.internal.net.http.common.Utils). */
  private static final java.util.List<String> RESTRICTED_NAMES =
      java.util.List.of("Connection", "Content-Length", "Expect", "Host", "Upgrade");

  private static final java.util.Set<String> RESTRICTED =
      java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

  public static final ProbeSettings DEFAULTS =
      new ProbeSettings(null, null, null, null, null, null, null, null);

  public ProbeSettings {
    path = path == null ? "/health" : path;
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "probe.path '" + path + "' must start with '/', as in /health");
    }
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    interval = interval == null ? Duration.ofMillis(100) : interval;
    sample = sample == null ? Duration.ofSeconds(2) : sample;
    steadyState = steadyState == null ? new Percentage(99) : steadyState;
    insecure = insecure != null && insecure;
    headers = headers == null ? Map.of() : headers;
    success = success == null ? SuccessSettings.DEFAULT : success;
    for (String name : headers.keySet()) {
      if (RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            "probe header '"
                + name
                + "' cannot be set: the HTTP client sets it itself (it refuses "
                + String.join(", ", RESTRICTED_NAMES)
                + "); remove it from probe.headers");
      }
    }
    if (timeout.isZero()) {
      throw new IllegalArgumentException("probe.timeout is 0; give a probe at least 1ms, e.g. 2s");
    }
  }
}
