package dev.shakedown.config;

import java.net.URI;
import java.time.Duration;

@Doc(
    "A process Shakedown starts on this machine before the clouds and stops after them, such as the demo's router or a store.")
public record ServiceSettings(
    @Doc(
            value =
                "Command that starts it. Placeholders: {java} (the java of this JVM), {classpath} (Shakedown's class path), {reports} (this run's folder).",
            required = true,
            example = "{java} -cp {classpath} dev.shakedown.demo.DonationStore --port 18101")
        String command,
    @Doc(
            value =
                "URL polled until it answers 2xx; the run waits for it before opening the clouds.",
            example = "http://127.0.0.1:18101/health")
        URI ready,
    @Doc(value = "How long it may take to answer on its ready URL.", example = "30s")
        Duration startTimeout,
    @Doc(value = "Environment variables of the process. Their values are secret: never printed.")
        java.util.Map<String, Secret> env) {

  public ServiceSettings {
    startTimeout = startTimeout == null ? Duration.ofSeconds(30) : startTimeout;
    env = env == null ? java.util.Map.of() : env;
  }
}
