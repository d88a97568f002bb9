package dev.shakedown.config;

import java.net.URI;

@Doc(
    "One cloud of the deployment: its provider, where it serves, and the provider's own settings beside them.")
public record CloudSettings(
    @Doc(
            value = "Which kind of cloud this is; decides which other keys apply.",
            required = true,
            example = "local")
        String provider,
    @Doc(
            value =
                "URL where this cloud alone serves. Without it, its instances are probed one by one.",
            example = "https://cloud-a.donate.example.org")
        URI endpoint,
    @Doc("How this cloud's endpoint and instances are probed.") ProbeSettings probe,
    @ProviderSpecific Record settings) {

  public CloudSettings {
    probe = probe == null ? ProbeSettings.DEFAULTS : probe;
  }
}
