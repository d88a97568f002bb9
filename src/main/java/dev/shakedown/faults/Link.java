package dev.shakedown.faults;

import java.net.URI;
import java.time.Duration;

/**
 * A link of the deployment that faults go into, as the run knows it.
 *
 * @param name as steps write it: {@code cloud-a/store}
 * @param server the Toxiproxy API that serves it (embedded or external)
 * @param proxy the proxy's name on that server: {@code cloud-a.store}
 * @param embedded served by the run's own embedded fault proxy, which ends with the run's JVM
 */
public record Link(
    String name,
    URI server,
    String proxy,
    String listen,
    String upstream,
    Duration timeout,
    boolean embedded) {}
