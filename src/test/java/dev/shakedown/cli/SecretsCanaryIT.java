package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries of every kind of secret, planted in the config, the environment and a key file, then
 * looked for, in every form, in everything a failing, an erroring and a dry run printed or wrote.
 */
class SecretsCanaryIT {
  private static final String USER_INFO = "CanaryUserinfo7a1";
  private static final String QUERY = "CanaryQuery7a2";
  private static final String HEADER = "CanaryHeader7a3";
  private static final String ENV = "CanaryEnv7a4";
  private static final String BACKUP_KEY = "CanaryBackupKey7a5";
  private static final String AWS_KEY_ID = "AKIACANARY7A6EXAMPLE";
  private static final String AWS_SECRET = "CanaryAwsSecret7a7";
  private static final String GCP_KEY_ID = "CanaryGcpKeyId7a8";
  private static final String GCP_KEY = "CanaryGcpPrivateKeyLine7a9Canary";
  private static final List<String> CANARIES =
      List.of(
          USER_INFO, QUERY, HEADER, ENV, BACKUP_KEY, AWS_KEY_ID, AWS_SECRET, GCP_KEY_ID, GCP_KEY);

  @TempDir Path dir;
  private Workspace workspace;
  private int dead;
  private com.sun.net.httpserver.HttpServer failing;

  @BeforeEach
  void setUp() throws IOException {
    workspace = new Workspace(dir);
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = socket.getLocalPort(); // nothing listens there once it is closed
    }
    // A deployment that answers, and fails: 503 to everything.
    failing =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 16);
    failing.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    failing.start();
    workspace.write(
        "features/canary.feature",
        """
        Feature: Canaries
          Scenario: Serving
            Given the deployment is serving
        """);
  }

  @org.junit.jupiter.api.AfterEach
  void stopDeployment() {
    failing.stop(0);
  }

  private Path config(boolean withClouds) {
    Path key =
        workspace.write(
            "gcp-key.json",
            "{\"type\": \"service_account\", \"project_id\": \"p\", \"private_key_id\": \""
                + GCP_KEY_ID
                + "\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n"
                + GCP_KEY
                + "\\n-----END PRIVATE KEY-----\\n\", \"client_email\": \"sa@p.iam.gserviceaccount.com\"}");
    String clouds =
        withClouds
            ? """
              aws-eu:
                provider: aws
                region: eu-west-2
                autoScalingGroup: donations
                accessKeyId: %s
                secretAccessKey: %s
                endpoint: http://127.0.0.1:%d
              gcp-eu:
                provider: gcp
                project: p
                instanceGroup: donations
                zone: europe-west2-a
                credentialsFile: %s
            """
                .formatted(AWS_KEY_ID, AWS_SECRET, dead, key)
                .indent(2)
            : "";
    return workspace.write(
        "canary.yaml",
        """
        deployment:
          endpoint: !secret http://probe:%1$s@127.0.0.1:%7$d/nothere/
          publicEndpoint: https://127.0.0.1:%3$d/?token=%2$s
          probe:
            timeout: 300ms
            sample: 500ms
            headers: { Authorization: "Bearer %4$s" }
        services:
          printer:
            command: "/bin/sh -c 'echo env=$CANARY_VAR aws=$AWS_SECRET_ACCESS_KEY; echo http://probe:%1$s@h/; exec sleep 60'"
            env: { CANARY_VAR: "%5$s" }
        clouds:
          cloud-a:
            provider: local
            endpoint: http://127.0.0.1:%3$d
            backups:
              donations:
                store: directory
                path: "{reports}/backups"
                encryptionKey: "%6$s"
                takenWithin: 30s
        """
                .formatted(
                    USER_INFO, QUERY, dead, HEADER, ENV, BACKUP_KEY, failing.getAddress().getPort())
            + clouds);
  }

  private ShakedownProcess run(Path config, String... more) throws InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "features/canary.feature",
                "--clouds",
                config.toString(),
                "--reports",
                workspace.reports().toString()));
    args.addAll(List.of(more));
    ShakedownProcess run =
        ShakedownProcess.start(
            dir,
            dir.resolve("logs-" + System.nanoTime()),
            Map.of("AWS_ACCESS_KEY_ID", AWS_KEY_ID, "AWS_SECRET_ACCESS_KEY", AWS_SECRET),
            args.toArray(String[]::new));
    run.await(120);
    return run;
  }

  @Test
  void should_leave_no_canary_in_the_console_or_the_reports_of_a_failing_run() throws Exception {
    ShakedownProcess failing = run(config(false));

    assertThat(failing.process().exitValue()).as(failing.out() + failing.err()).isEqualTo(1);
    assertThat(failing.out()).contains("the deployment is not serving");
    assertNoCanary(failing.out() + failing.err() + everything(workspace.reports()));
    // The child got a minimal environment: the harness's AWS secret never reached it.
    String printed =
        everything(workspace.reports().resolve("latest").toRealPath().resolve("services"));
    assertThat(printed).contains("env=*** aws=\n").contains("http://***@h/");
  }

  @Test
  void should_leave_no_canary_in_an_erroring_run_or_a_dry_run() throws Exception {
    ShakedownProcess erroring = run(config(true));
    ShakedownProcess dryRun = run(config(false), "--dry-run");

    assertThat(erroring.process().exitValue()).as(erroring.out() + erroring.err()).isEqualTo(2);
    assertThat(dryRun.process().exitValue()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("would probe ***/health");
    assertNoCanary(
        erroring.out()
            + erroring.err()
            + dryRun.out()
            + dryRun.err()
            + everything(workspace.reports()));
  }

  @Test
  void should_leave_no_canary_on_the_live_page() throws Exception {
    // A longer first sample, so that the page is read while the run is on and to its end.
    Path config = config(false);
    Files.writeString(config, Files.readString(config).replace("sample: 500ms", "sample: 3s"));
    ShakedownProcess watched =
        ShakedownProcess.start(
            dir,
            dir.resolve("logs-live"),
            Map.of("AWS_ACCESS_KEY_ID", AWS_KEY_ID, "AWS_SECRET_ACCESS_KEY", AWS_SECRET),
            "run",
            "features/canary.feature",
            "--clouds",
            config.toString(),
            "--reports",
            workspace.reports().toString(),
            "--live");
    java.net.URI page = liveAddress(watched);
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();
    String shown =
        http.send(
                java.net.http.HttpRequest.newBuilder(page)
                    .timeout(java.time.Duration.ofSeconds(30))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    // Every event to the last, which holds the failed scenario and why it failed.
    List<String> events =
        http.send(
                java.net.http.HttpRequest.newBuilder(page.resolve("events"))
                    .timeout(java.time.Duration.ofSeconds(60))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines())
            .body()
            .toList();

    assertThat(watched.await(120)).as(watched.out() + watched.err()).isEqualTo(1);
    String last = String.join("\n", events);
    assertThat(last).contains("event: end").contains("FAILED").contains("Serving");
    assertNoCanary(shown + last);
  }

  private static java.net.URI liveAddress(ShakedownProcess run) throws InterruptedException {
    java.util.regex.Pattern live =
        java.util.regex.Pattern.compile("live: (http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{48}/)");
    for (int i = 0; i < 1_200; i++) {
      java.util.regex.Matcher address = live.matcher(run.out());
      if (address.find()) {
        return java.net.URI.create(address.group(1));
      }
      Thread.sleep(25);
    }
    throw new AssertionError("no live address printed: " + run.out() + run.err());
  }

  @Test
  void should_leave_no_canary_in_what_the_java_api_throws() {
    Throwable thrown;
    try (dev.shakedown.api.Shakedown run =
        dev.shakedown.api.Shakedown.open(workspace.reports(), List.of(config(false)))) {
      thrown = org.assertj.core.api.Assertions.catchThrowable(run::watch);
    }

    assertThat(thrown)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the deployment is not serving");
    var trace = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(trace));
    assertNoCanary(trace.toString());
  }

  private static void assertNoCanary(String text) {
    for (String canary : CANARIES) {
      assertThat(text)
          .doesNotContain(canary)
          .doesNotContain(URLEncoder.encode(canary, StandardCharsets.UTF_8));
    }
  }

  /** Every file under the folder, as bytes read as Latin-1 so that nothing fails to decode. */
  private static String everything(Path folder) {
    if (!Files.exists(folder)) {
      return "";
    }
    try (Stream<Path> files = Files.walk(folder)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
      }
      return all.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
