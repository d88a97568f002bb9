package dev.shakedown.undo;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one disruption changed, recorded before it is applied, with everything needed to undo it
 * without the run that made it: a sweep in another process reopens the cloud or the Toxiproxy from
 * these fields alone. Never a secret: credentials come from the same sources at sweep time.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LedgerEntry.Toxic.class, name = "toxic"),
  @JsonSubTypes.Type(value = LedgerEntry.LinkCut.class, name = "link-cut"),
  @JsonSubTypes.Type(value = LedgerEntry.InstanceStopped.class, name = "instance-stopped"),
  @JsonSubTypes.Type(value = LedgerEntry.InstancesKilled.class, name = "instances-killed"),
  @JsonSubTypes.Type(value = LedgerEntry.InstanceRebooted.class, name = "instance-rebooted"),
  @JsonSubTypes.Type(value = LedgerEntry.StoreWiped.class, name = "store-wiped"),
  @JsonSubTypes.Type(value = LedgerEntry.CloudChanged.class, name = "cloud-changed"),
  @JsonSubTypes.Type(value = LedgerEntry.StartedProcess.class, name = "process"),
  @JsonSubTypes.Type(value = LedgerEntry.LoadJob.class, name = "load-job")
})
public sealed interface LedgerEntry {
  /** What it is, where, as the console and the evidence say it. */
  String description();

  /**
   * Whether it is done to the deployment (a fault, an instance down, a store wiped), as opposed to
   * something the run brings along to do its work (its own processes, a load's workers).
   */
  default boolean disrupts() {
    return true;
  }

  /**
   * A toxic on a link of a Toxiproxy.
   *
   * @param embedded the run's own embedded fault proxy, which ends with the run's JVM
   */
  record Toxic(
      String description, String link, URI server, String proxy, String toxic, boolean embedded)
      implements LedgerEntry {}

  /** A link's proxy disabled: connections refused. */
  record LinkCut(String description, String link, URI server, String proxy, boolean embedded)
      implements LedgerEntry {}

  /** An instance stopped on purpose; undone by starting it again. */
  record InstanceStopped(String description, CloudRef cloud, String instance, String zone)
      implements LedgerEntry {}

  /**
   * Instances killed; nothing brings them back, but the cloud must be whole again: {@code expected}
   * instances serving.
   */
  record InstancesKilled(String description, CloudRef cloud, List<String> instances, int expected)
      implements LedgerEntry {}

  /** An instance restarted in place; undone once the cloud has {@code expected} serving. */
  record InstanceRebooted(String description, CloudRef cloud, String instance, int expected)
      implements LedgerEntry {}

  /**
   * A change to a cloud around a disruption (a group's health checks suspended, a zone's subnets
   * out of a group); undone through the cloud's provider.
   */
  record CloudChanged(
      String description, CloudRef cloud, String kind, String key, Map<String, String> details)
      implements LedgerEntry {}

  /** A store's data wiped and the store started from a backup; undone once it serves again. */
  record StoreWiped(String description, String cloud, String service) implements LedgerEntry {}

  /**
   * A process the run started (an instance, a service, a scratch copy), to be ended if the run
   * dies; the start time tells a reused pid apart.
   */
  record StartedProcess(String description, long pid, Instant started, String host)
      implements LedgerEntry {
    @Override
    public boolean disrupts() {
      return false;
    }
  }

  /**
   * A Kubernetes Job of load workers (and the Secret holding their plan, of the same name); undone
   * by deleting both, and the Job's pods with them.
   *
   * @param kubeconfig the file, or null for kubectl's defaults; the credentials stay in it
   * @param api the cluster's API, as it was reached: a sweep deletes only in that one
   */
  record LoadJob(
      String description,
      String kubeconfig,
      String context,
      String api,
      String namespace,
      String job)
      implements LedgerEntry {
    @Override
    public boolean disrupts() {
      return false;
    }
  }

  /**
   * A cloud as a sweep reopens it: its provider, the config files it came from, and its provider's
   * settings without their secrets (used when those files are gone or changed).
   */
  record CloudRef(String name, String provider, List<String> files, Map<String, Object> settings) {}
}
