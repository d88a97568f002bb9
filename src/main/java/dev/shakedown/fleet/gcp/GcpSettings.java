package dev.shakedown.fleet.gcp;

import dev.shakedown.config.Doc;
import dev.shakedown.fleet.Selection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

@Doc(
    "provider 'gcp': Compute Engine instances chosen by labels and/or a managed instance group, through the Google Cloud Java client.")
public record GcpSettings(
    @Doc(value = "The project of the instances.", required = true, example = "donations-prod")
        String project,
    @Doc(
            value = "Labels every instance must carry; with instanceGroup, both must hold.",
            example = "{ service: donations }")
        Map<String, String> labels,
    @Doc(
            value =
                "The managed instance group of the instances: a killed one is deleted and the group recreates it.",
            example = "donations-eu")
        String instanceGroup,
    @Doc(value = "The zone of a zonal instance group.", example = "europe-west2-a") String zone,
    @Doc(value = "The region of a regional instance group.", example = "europe-west2")
        String region,
    @Doc(value = "Which address an instance is reached at.", example = "private")
        AddressKind address,
    @Doc(value = "Port of an instance's own address.", example = "8080") Integer port,
    @Doc(
            value =
                "A service account key file; without it, Application Default Credentials. The path is printed, never the key.",
            example = "/etc/shakedown/gcp-key.json")
        @dev.shakedown.config.SecretFile
        String credentialsFile,
    @Doc(
            value = "Another endpoint for the Compute API, as for a test stand-in.",
            example = "http://127.0.0.1:8089")
        URI endpoint,
    @Doc(value = "How long an operation (delete, stop, start) may take.", example = "5 minutes")
        Duration operationTimeout,
    @Doc(value = "How often the instances are listed while waiting.", example = "2s")
        Duration pollInterval) {

  public GcpSettings {
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("a gcp cloud needs project");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (labels.isEmpty() && instanceGroup == null) {
      throw new IllegalArgumentException(
          "say which instances are this cloud's: labels, instanceGroup, or both");
    }
    if (zone != null && !zone.matches("[a-z]+-[a-z]+\\d+-[a-z]")) {
      throw new dev.shakedown.config.SettingException(
          "zone",
          "'" + zone + "' is not a Compute Engine zone",
          "a zone is its region and a letter, as in europe-west2-a");
    }
    if (region != null && !region.matches("[a-z]+-[a-z]+\\d+")) {
      throw new dev.shakedown.config.SettingException(
          "region",
          "'" + region + "' is not a Compute Engine region",
          region.matches("[a-z]+-[a-z]+\\d+-[a-z]")
              ? "that is a zone; its region is " + region.substring(0, region.lastIndexOf('-'))
              : "a region is written as in europe-west2");
    }
    if (instanceGroup != null && (zone == null) == (region == null)) {
      throw new IllegalArgumentException(
          "an instanceGroup needs its zone (zonal group) or its region (regional group), one of them");
    }
    address = address == null ? AddressKind.PRIVATE : address;
    port = port == null ? 80 : port;
    operationTimeout = operationTimeout == null ? Duration.ofMinutes(5) : operationTimeout;
    pollInterval = Selection.pollInterval(pollInterval);
  }

  String selector() {
    String group =
        instanceGroup == null
            ? null
            : "managed instance group "
                + instanceGroup
                + " ("
                + (zone != null ? zone : region)
                + ")";
    return Selection.describe("labels", labels, group) + " of project " + project;
  }

  public enum AddressKind {
    PRIVATE,
    PUBLIC
  }
}
