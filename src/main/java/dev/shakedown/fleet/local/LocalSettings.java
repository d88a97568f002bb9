package dev.shakedown.fleet.local;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@Doc(
    "Keys of provider 'local': instances are OS processes on this machine, started from a command.")
public record LocalSettings(
    @Doc(
            value =
                "Command that starts one instance. Placeholders: {port} (a free port chosen per instance),"
                    + " {java} (the java of this JVM), {classpath} (Shakedown's class path), {cloud}, {index}, {zone}."
                    + " Without a command the cloud has no instances Shakedown manages: it is only probed.",
            example = "java -jar app.jar --port {port}")
        String command,
    @Doc(value = "How many instances run.", min = 1, example = "2") Integer replicas,
    @Doc(value = "Path polled on a new instance until it answers 2xx.", example = "/health")
        String ready,
    @Doc(value = "How long a new instance may take to answer on its ready path.", example = "30s")
        Duration startTimeout,
    @Doc(
            value =
                "How long after an instance dies its replacement is started, as an auto-scaling group would. Default 1s.",
            example = "1s")
        Duration replaceAfter,
    @Doc(
            value = "Replace instances that die. On by default; off, a killed instance stays dead.",
            example = "true")
        Boolean supervise,
    @Doc(value = "Zones the instances are spread over, in turn.", example = "[zone-1, zone-2]")
        List<String> zones,
    @Doc(value = "Environment variables of every instance. Their values are secret: never printed.")
        Map<String, Secret> env,
    @Doc(
            value =
                "Labels of every instance, as tags on a cloud's instances: the label controls read them.",
            example = "{ owner: donations-team, service: donations }")
        Map<String, String> labels) {

  public LocalSettings {
    if (command == null && replicas != null) {
      throw new IllegalArgumentException(
          "replicas is set but command is not; add the command that starts one instance");
    }
    replicas = replicas == null ? (command == null ? 0 : 1) : replicas;
    ready = ready == null ? "/health" : ready;
    if (!ready.startsWith("/")) {
      throw new IllegalArgumentException(
          "ready '" + ready + "' must start with '/', as in /health");
    }
    startTimeout = startTimeout == null ? Duration.ofSeconds(30) : startTimeout;
    replaceAfter = replaceAfter == null ? Duration.ofSeconds(1) : replaceAfter;
    supervise = supervise == null || supervise;
    zones = zones == null || zones.isEmpty() ? List.of("local") : zones;
    env = env == null ? Map.of() : env;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
