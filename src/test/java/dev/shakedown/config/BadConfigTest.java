package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.cli.CommandLineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad config gives exit 2 and one line naming the file, line and key: never a trace.
 */
class BadConfigTest {
  private static final String VALID_CLOUD =
      "clouds:\n  cloud-a:\n    provider: local\n    endpoint: http://127.0.0.1:9\n";

  @TempDir Path dir;

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(
            "history in a bucket without one",
            VALID_CLOUD + "history:\n  store: s3\n  prefix: gate/\n",
            6,
            "history",
            "a history in s3 needs bucket"),
        Arguments.of(
            "history key of another store",
            VALID_CLOUD + "history:\n  path: /var/h\n  region: eu-west-2\n",
            6,
            "history",
            "region, accessKeyId and secretAccessKey are for a history in s3, not in directory"),
        Arguments.of(
            "malformed YAML",
            "clouds:\n  cloud-a:\n    provider: \"local\n",
            3,
            "syntax",
            "invalid YAML"),
        Arguments.of(
            "tab indentation",
            "clouds:\n\tcloud-a:\n    provider: local\n",
            2,
            "syntax",
            "tab character"),
        Arguments.of(
            "wrong type",
            VALID_CLOUD + "    probe:\n      timeout: soon\n",
            6,
            "clouds.cloud-a.probe.timeout",
            "'soon' is not a duration"),
        Arguments.of(
            "missing required key",
            "clouds:\n  cloud-a:\n    endpoint: http://127.0.0.1:9\n",
            3,
            "clouds.cloud-a.provider",
            "required key is missing"),
        Arguments.of(
            "unknown key with a near miss",
            VALID_CLOUD + "    endpiont: http://127.0.0.1:9\n",
            5,
            "clouds.cloud-a.endpiont",
            "did you mean 'endpoint'?"),
        Arguments.of(
            "unknown provider",
            "clouds:\n  cloud-a:\n    provider: azure\n",
            3,
            "clouds.cloud-a.provider",
            "unknown provider 'azure'; known: aws, bosh, cloudfoundry, gcp, kubernetes, local"),
        Arguments.of(
            "unset variable",
            "clouds:\n  cloud-a:\n    provider: local\n    endpoint: ${NOT_SET_ANYWHERE}\n",
            4,
            "clouds.cloud-a.endpoint",
            "environment variable NOT_SET_ANYWHERE is not set"),
        Arguments.of(
            "a bosh director over plain http",
            "clouds:\n  onprem:\n    provider: bosh\n    director: http://10.0.0.6:25555\n"
                + "    deployment: cf\n    clientId: shakedown\n    clientSecret: s\n",
            4,
            "clouds.onprem.director",
            "would carry the client's token unencrypted; use https://10.0.0.6:25555"),
        Arguments.of(
            "a bosh cloud without its client's secret",
            "clouds:\n  onprem:\n    provider: bosh\n    director: https://10.0.0.6\n"
                + "    deployment: cf\n    clientId: shakedown\n",
            3,
            "clouds.onprem.clientSecret",
            "required key is missing; add 'clientSecret: ${BOSH_CLIENT_SECRET}'"),
        Arguments.of("empty file", "", 1, "file", "is empty"),
        Arguments.of(
            "duplicate key",
            VALID_CLOUD + "    provider: local\n",
            5,
            "clouds.cloud-a.provider",
            "duplicate key; it is already set on line 3"),
        Arguments.of(
            "negative duration",
            VALID_CLOUD + "    startTimeout: -5s\n",
            5,
            "clouds.cloud-a.startTimeout",
            "'-5s' is negative"),
        Arguments.of(
            "number below its minimum",
            "clouds:\n  cloud-a:\n    provider: local\n    command: run {port}\n    replicas: 0\n",
            5,
            "clouds.cloud-a.replicas",
            "below the minimum 1"),
        Arguments.of(
            "percentage out of range",
            VALID_CLOUD + "    probe:\n      steadyState: 120%\n",
            6,
            "clouds.cloud-a.probe.steadyState",
            "not a percentage"),
        Arguments.of(
            "not a URL",
            "clouds:\n  cloud-a:\n    provider: local\n    endpoint: localhost\n",
            4,
            "clouds.cloud-a.endpoint",
            "'localhost' is not an absolute URL"),
        Arguments.of(
            "list where a mapping belongs",
            "clouds:\n  - cloud-a\n",
            2,
            "clouds",
            "expected a mapping"),
        Arguments.of("no clouds at all", "clouds: {}\n", 1, "(top level)", "clouds is empty"),
        Arguments.of(
            "a probe header the HTTP client sets itself",
            VALID_CLOUD + "    probe:\n      headers: { Host: example.org }\n",
            6,
            "clouds.cloud-a.probe",
            "probe header 'Host' cannot be set: the HTTP client sets it itself"),
        Arguments.of(
            "a success status that is no status",
            VALID_CLOUD + "    probe:\n      success: { status: ok }\n",
            6,
            "clouds.cloud-a.probe.success",
            "success.status 'ok' is not a status"),
        Arguments.of(
            "a success body that is no condition",
            VALID_CLOUD + "    probe:\n      success: { body: \"complete is true\" }\n",
            6,
            "clouds.cloud-a.probe.success",
            "success.body 'complete is true' is not a condition"),
        Arguments.of(
            "an accepted id that is no JSON pointer",
            "deployment:\n  endpoint: http://127.0.0.1:9\n  load:\n    acceptedId: json:id\n"
                + VALID_CLOUD,
            4,
            "deployment.load",
            "acceptedId 'json:id' must be json:/pointer or header:Name, as in json:/id"),
        Arguments.of(
            "a port past 65535",
            "deployment:\n  endpoint: http://127.0.0.1:99999\n" + VALID_CLOUD,
            2,
            "deployment.endpoint",
            "'http://127.0.0.1:99999' has port 99999, outside 1 to 65535"),
        Arguments.of(
            "a proxy listening on port 0",
            VALID_CLOUD
                + "    proxies:\n      db: { listen: \"127.0.0.1:0\", upstream: \"127.0.0.1:5432\" }\n",
            6,
            "clouds.cloud-a.proxies.db",
            "listen '127.0.0.1:0' has port 0, outside 1 to 65535"),
        Arguments.of(
            "an AWS region that does not exist",
            "clouds:\n  aws-eu:\n    provider: aws\n    autoScalingGroup: donations\n"
                + "    region: eu-west-99\n",
            5,
            "clouds.aws-eu.region",
            "'eu-west-99' is not an AWS region this Shakedown knows; did you mean 'eu-west-1'?"
                + " for a region newer than Shakedown's AWS SDK, add 'allowUnknownRegion: true'"),
        Arguments.of(
            "a GCP zone that is a region",
            "clouds:\n  gcp-eu:\n    provider: gcp\n    project: p\n    instanceGroup: g\n"
                + "    zone: europe-west2\n",
            6,
            "clouds.gcp-eu.zone",
            "'europe-west2' is not a Compute Engine zone"),
        Arguments.of(
            "a GCP region that is a zone",
            "clouds:\n  gcp-eu:\n    provider: gcp\n    project: p\n    instanceGroup: g\n"
                + "    region: europe-west2-b\n",
            6,
            "clouds.gcp-eu.region",
            "that is a zone; its region is europe-west2"),
        Arguments.of(
            "a document of --- and ... only",
            "---\n...\n",
            1,
            "file",
            "has an empty document, where the keys deployment, services and clouds are expected"),
        Arguments.of(
            "a misspelt secret tag",
            VALID_CLOUD + "    probe:\n      headers: { Authorization: !secert \"Bearer abc\" }\n",
            6,
            "clouds.cloud-a.probe.headers.Authorization",
            "unknown tag '!secert'; did you mean '!secret'?"),
        Arguments.of(
            "a secret tag in YAML's own namespace",
            VALID_CLOUD + "    probe:\n      headers: { Authorization: !!secret \"Bearer abc\" }\n",
            6,
            "syntax",
            "Global tag is not allowed: tag:yaml.org,2002:secret"),
        Arguments.of(
            "a bad value from the environment",
            VALID_CLOUD + "    probe:\n      timeout: ${PROBE_TIMEOUT}\n",
            6,
            "clouds.cloud-a.probe.timeout",
            "'${PROBE_TIMEOUT}' (from the environment) is not a duration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void should_reject_a_bad_config_with_one_line_naming_file_line_and_key(
      String name, String yaml, int line, String key, String what) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);

    CommandLineRun run =
        CommandLineRun.of(Map.of("PROBE_TIMEOUT", "hunter2-soon"), "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.all()).doesNotContain("hunter2");
    String first = run.err().lines().findFirst().orElseThrow();
    assertThat(first)
        .startsWith(file + ":" + line + ":")
        .contains(": " + key + ": ")
        .contains(what);
    assertThat(run.err().lines().filter(l -> l.startsWith(file.toString()))).hasSize(1);
    assertNoStackTrace(run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingFiles")
  void should_reject_a_path_that_is_no_config_file(String name, String path, String what) {
    Path target = dir.resolve(path);
    CommandLineRun run = CommandLineRun.of(Map.of(), "validate", target.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith(target + ":1:1: file: ")
        .contains(what);
    assertNoStackTrace(run);
  }

  static Stream<Arguments> missingFiles() {
    return Stream.of(
        Arguments.of("a file that does not exist", "missing.yaml", "no such file"),
        Arguments.of("a directory instead of a file", "", "is a directory"));
  }

  @org.junit.jupiter.api.Test
  void should_report_every_problem_of_a_file_at_once() throws IOException {
    Path file = dir.resolve("three.yaml");
    Files.writeString(
        file,
        "clouds:\n  cloud-a:\n    provider: local\n    endpiont: x\n  cloud-b:\n    provider: lokal\n  cloud-c:\n    provider: local\n    probe:\n      interval: often\n");

    CommandLineRun run = CommandLineRun.of(Map.of(), "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(file + ":4:5: clouds.cloud-a.endpiont: unknown key")
        .contains(
            file
                + ":6:15: clouds.cloud-b.provider: unknown provider 'lokal'; did you mean 'local'?")
        .contains(file + ":10:17: clouds.cloud-c.probe.interval: 'often' is not a duration")
        .contains("3 problems found");
  }

  @org.junit.jupiter.api.Test
  void should_refuse_a_cloud_name_used_in_two_files() throws IOException {
    Path first = dir.resolve("one.yaml");
    Path second = dir.resolve("two.yaml");
    Files.writeString(first, VALID_CLOUD);
    Files.writeString(second, "\n" + VALID_CLOUD);

    CommandLineRun run =
        CommandLineRun.of(Map.of(), "validate", first.toString(), second.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            second + ":3:3: clouds.cloud-a: cloud 'cloud-a' is already defined at " + first + ":2");
  }

  private static void assertNoStackTrace(CommandLineRun run) {
    assertThat(run.all()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
