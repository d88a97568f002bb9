package dev.shakedown.config;

import java.net.URI;
import java.util.Map;

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
    @Doc("What a run may do to this cloud (the blast radius) and when it must halt.")
        SafetySettings safety,
    @Doc(
            value =
                "Links of this cloud that network faults go into, by name: steps call them <cloud>/<name>, as in cloud-a/store.",
            example = "{ store: { listen: 127.0.0.1:18201, upstream: 127.0.0.1:18101 } }")
        Map<String, ProxySettings> proxies,
    @Doc(
            "The Toxiproxy server of this cloud's links; without it, the embedded fault proxy serves them.")
        ToxiproxySettings toxiproxy,
    @Doc(
            value =
                "Backup stores of this cloud, by dataset: steps name the dataset, as in \"donations\".",
            example = "{ donations: { store: s3, bucket: donations-backups, region: eu-west-2 } }")
        Map<String, BackupSettings> backups,
    @ProviderSpecific Record settings) {

  public CloudSettings {
    probe = probe == null ? ProbeSettings.DEFAULTS : probe;
    safety = safety == null ? SafetySettings.DEFAULTS : safety;
    proxies = proxies == null ? Map.of() : proxies;
    backups = backups == null ? Map.of() : backups;
  }
}
