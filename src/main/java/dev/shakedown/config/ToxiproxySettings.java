package dev.shakedown.config;

import java.net.URI;
import java.time.Duration;

@Doc(
    "The Toxiproxy server this cloud's links go through. Without it, Shakedown starts its own embedded fault proxy.")
public record ToxiproxySettings(
    @Doc(
            value = "URL of the Toxiproxy API.",
            required = true,
            example = "http://toxiproxy.internal:8474")
        URI url,
    @Doc(
            value =
                "How long one API call may take before the step fails; a hanging API never hangs the run.",
            example = "5s")
        Duration timeout) {

  public ToxiproxySettings {
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }
}
