package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.local.LocalSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private ShakedownConfig load(String yaml, Map<String, String> environment) throws IOException {
    Path file = dir.resolve("clouds.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(FleetProviders.load(), environment::get).load(List.of(file));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "config/clouds/aws.example.yaml",
        "config/clouds/gcp.example.yaml",
        "config/clouds/cloudfoundry.example.yaml",
        "config/clouds/bosh.example.yaml",
        "config/clouds/kubernetes.example.yaml",
        "examples/ci/preprod.yaml"
      })
  void should_bind_every_example_config_as_it_is_shipped(String example) {
    Map<String, String> environment =
        Map.of(
            "CF_PASSWORD", "p",
            "BOSH_CLIENT_SECRET", "b",
            "CF_CLIENT_SECRET", "s",
            "BACKUP_KEY", "k",
            "CF_SPACE", "preprod-0123456789ab",
            "CF_API_AWS", "https://api.aws.example.org",
            "CF_API_GCP", "https://api.gcp.example.org",
            "CF_USERNAME", "shakedown");

    ShakedownConfig config =
        new ConfigLoader(FleetProviders.load(), environment::get).load(List.of(Path.of(example)));

    assertThat(config.clouds()).isNotEmpty();
  }

  @Test
  void should_bind_common_and_provider_keys_side_by_side() throws IOException {
    ShakedownConfig config =
        load(
            """
            clouds:
              cloud-a:
                provider: local
                command: "{java} -version {port}"
                replicas: 3
                startTimeout: 1 minute
                probe:
                  path: /ready
                  steadyState: 99.5%
            """,
            Map.of());

    Cloud cloud = config.cloud("cloud-a").orElseThrow();
    LocalSettings local = cloud.providerSettings(LocalSettings.class);
    assertThat(local.replicas()).isEqualTo(3);
    assertThat(local.startTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(cloud.settings().probe().path()).isEqualTo("/ready");
    assertThat(cloud.settings().probe().steadyState()).isEqualTo(new Percentage(99.5));
    assertThat(cloud.settings().probe().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cloud.location()).endsWith("clouds.yaml:2");
  }

  @Test
  void should_interpolate_variables_with_defaults_and_escapes() throws IOException {
    ShakedownConfig config =
        load(
            """
            deployment:
              endpoint: ${SCHEME:-https}://${HOST}:8443/
            clouds:
              cloud-a:
                provider: local
                command: "echo $${HOME} {port}"
            """,
            Map.of("HOST", "donate.example.org"));

    assertThat(config.deployment().orElseThrow().endpoint())
        .hasToString("https://donate.example.org:8443/");
    assertThat(
            config.cloud("cloud-a").orElseThrow().providerSettings(LocalSettings.class).command())
        .isEqualTo("echo ${HOME} {port}");
  }

  @Test
  void should_keep_secrets_out_of_messages_and_register_them_for_redaction() throws IOException {
    ShakedownConfig config =
        load(
            """
            clouds:
              cloud-a:
                provider: local
                endpoint: !secret http://probe:pa55word@127.0.0.1:9
                probe:
                  headers:
                    Authorization: "Bearer ${TOKEN}"
            """,
            Map.of("TOKEN", "s3cr3t-t0ken"));

    Secret header =
        config.cloud("cloud-a").orElseThrow().settings().probe().headers().get("Authorization");
    assertThat(header).hasToString("***");
    assertThat(header.reveal()).isEqualTo("Bearer s3cr3t-t0ken");
    assertThat(config.redactor().redact("sent Bearer s3cr3t-t0ken to x"))
        .isEqualTo("sent *** to x");
    assertThat(config.redactor().redact("GET http://probe:pa55word@127.0.0.1:9/health"))
        .isEqualTo("GET ***/health");
  }

  @Test
  void should_not_quote_a_secret_value_in_an_error() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    """
                    clouds:
                      cloud-a:
                        provider: local
                        endpoint: !secret not-a-url-but-secret
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("clouds.cloud-a.endpoint")
        .hasMessageNotContaining("not-a-url-but-secret");
  }

  @Test
  void should_refuse_two_deployments_across_files() throws IOException {
    Path first = dir.resolve("a.yaml");
    Path second = dir.resolve("b.yaml");
    Files.writeString(
        first,
        "deployment: { endpoint: http://a.example }\nclouds: { cloud-a: { provider: local } }\n");
    Files.writeString(
        second,
        "deployment: { endpoint: http://b.example }\nclouds: { cloud-b: { provider: local } }\n");

    assertThatThrownBy(
            () -> new ConfigLoader(FleetProviders.load(), k -> null).load(List.of(first, second)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            second + ":1:1: deployment: the deployment is already described in " + first);
  }

  @Test
  void should_refuse_two_histories_across_files_and_default_to_the_reports_folder()
      throws IOException {
    Path first = dir.resolve("a.yaml");
    Path second = dir.resolve("b.yaml");
    Files.writeString(
        first,
        "history: { store: s3, bucket: h, prefix: gate }\nclouds: { cloud-a: { provider: local } }\n");
    Files.writeString(
        second, "history: { path: /tmp/h }\nclouds: { cloud-b: { provider: local } }\n");

    assertThatThrownBy(
            () -> new ConfigLoader(FleetProviders.load(), k -> null).load(List.of(first, second)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(second + ":1:1: history: the history is already set in " + first);
    HistorySettings s3 =
        new ConfigLoader(FleetProviders.load(), k -> null).load(List.of(first)).history();
    assertThat(s3.store()).isEqualTo("s3");
    assertThat(s3.prefix()).isEqualTo("gate/");
    assertThat(s3.runs()).isEqualTo(HistorySettings.DEFAULT_RUNS);
    assertThat(new ConfigLoader(FleetProviders.load(), k -> null).load(List.of(second)).history())
        .extracting(HistorySettings::store, HistorySettings::path)
        .containsExactly("directory", "/tmp/h");
  }

  @Test
  void should_bind_a_backup_stores_own_keys_by_its_store() throws IOException {
    ShakedownConfig config =
        load(
            """
            clouds:
              cloud-a:
                provider: local
                backups:
                  donations:
                    store: s3
                    bucket: donations-backups
                    region: eu-west-2
                    takenWithin: 30s
            """,
            Map.of());

    BackupSettings backups =
        config.cloud("cloud-a").orElseThrow().settings().backups().get("donations");
    assertThat(backups.store()).isEqualTo("s3");
    assertThat(backups.takenWithin()).isEqualTo(Duration.ofSeconds(30));
    assertThat(backups.settings())
        .isEqualTo(
            new dev.shakedown.backup.S3StoreSettings(
                "donations-backups", null, "eu-west-2", null, null, null, null));
  }

  @Test
  void should_name_a_store_in_any_case_and_through_the_environment() throws IOException {
    ShakedownConfig config =
        load(
            """
            clouds:
              cloud-a:
                provider: local
                backups:
                  upper: { store: S3, bucket: b }
                  variable: { store: "${BACKUP_STORE}", bucket: b }
            """,
            Map.of("BACKUP_STORE", "Gcs"));

    var backups = config.cloud("cloud-a").orElseThrow().settings().backups();
    assertThat(backups.get("upper").store()).isEqualTo("s3");
    assertThat(backups.get("upper").settings())
        .isInstanceOf(dev.shakedown.backup.S3StoreSettings.class);
    assertThat(backups.get("variable").store()).isEqualTo("gcs");
    assertThat(backups.get("variable").settings())
        .isInstanceOf(dev.shakedown.backup.GcsStoreSettings.class);
  }

  @Test
  void should_say_once_that_the_variable_naming_a_store_is_unset() {
    String yaml =
        """
        clouds:
          cloud-a:
            provider: local
            backups:
              donations: { store: "${BACKUP_STORE}", bucket: b }
        """;
    assertThatThrownBy(() -> load(yaml, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("BACKUP_STORE")
        .hasMessageNotContaining("unknown store")
        .hasMessageNotContaining("unknown key");
  }

  @Test
  void should_refuse_an_unknown_store_and_a_key_of_another_store() {
    String unknown =
        """
        clouds:
          cloud-a:
            provider: local
            backups:
              donations: { store: s4, bucket: b }
        """;
    assertThatThrownBy(() -> load(unknown, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("clouds.cloud-a.backups.donations.store: unknown store 's4'")
        .hasMessageContaining("did you mean 's3'? known: directory, gcs, s3");

    String misplaced =
        """
        clouds:
          cloud-a:
            provider: local
            backups:
              donations: { store: gcs, bucket: b, region: eu-west-2 }
        """;
    assertThatThrownBy(() -> load(misplaced, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("clouds.cloud-a.backups.donations.region: unknown key 'region'");
  }
}
