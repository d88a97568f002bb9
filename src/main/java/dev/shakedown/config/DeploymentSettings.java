package dev.shakedown.config;

import java.net.URI;

@Doc("The deployment as its users see it: one public endpoint in front of every cloud.")
public record DeploymentSettings(
    @Doc(
            value = "URL of the public endpoint.",
            required = true,
            example = "https://donate.example.org")
        URI endpoint,
    @Doc("How the endpoint is probed for health.") ProbeSettings probe,
    @Doc("What the throughput steps send to the endpoint.") LoadSettings load) {

  public DeploymentSettings {
    probe = probe == null ? ProbeSettings.DEFAULTS : probe;
  }
}
