package dev.shakedown.config;

import java.net.URI;
import java.util.List;

@Doc("The deployment as its users see it: one public endpoint in front of every cloud.")
public record DeploymentSettings(
    @Doc(
            value = "URL of the public endpoint.",
            required = true,
            example = "https://donate.example.org")
        URI endpoint,
    @Doc("How the endpoint is probed for health.") ProbeSettings probe,
    @Doc("What the throughput steps send to the endpoint.") LoadSettings load,
    @Doc(
            value =
                "The endpoint the public reaches, for the TLS and header controls; default: endpoint.",
            example = "https://donate.example.org")
        URI publicEndpoint,
    @Doc(
            value =
                "Paths whose responses the header controls read; a path that does not exist is always added, since error pages forget headers most.",
            example = "[/, /health]")
        List<String> publicPaths,
    @Doc(
            value =
                "A PEM file of CA certificates the certificate control trusts besides the JVM's trust store (an internal CA); {reports} is this run's folder.",
            example = "/etc/ssl/internal-ca.pem")
        String trust) {

  public DeploymentSettings {
    probe = probe == null ? ProbeSettings.DEFAULTS : probe;
    publicEndpoint = publicEndpoint == null ? endpoint : publicEndpoint;
    publicPaths = publicPaths == null ? List.of("/", probe.path()) : List.copyOf(publicPaths);
  }
}
