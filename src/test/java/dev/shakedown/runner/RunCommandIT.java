package dev.shakedown.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shakedown run} in-process against real HTTP servers on loopback. */
class RunCommandIT {
  private static final String SERVING =
      """
      Feature: Serving
        Scenario: The deployment serves
          Given the deployment is serving
      """;

  @TempDir Path dir;
  Workspace workspace;

  @BeforeEach
  void setUp() {
    workspace = new Workspace(dir);
  }

  @Test
  void should_exit_0_when_the_endpoint_serves() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature = workspace.write("features/serving.feature", SERVING);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
      assertThat(run.out())
          .contains("PASS  The deployment serves")
          .contains("1 scenario: 1 passed, 0 failed");
      assertThat(endpoint.requests()).isGreaterThan(3);
    }
  }

  @Test
  void should_exit_1_and_state_the_measured_success_rate_when_the_endpoint_answers_500() {
    try (TestEndpoint endpoint = TestEndpoint.answering(500)) {
      Path feature = workspace.write("features/serving.feature", SERVING);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out())
          .contains("FAIL  The deployment serves")
          .containsPattern(
              "the deployment is not serving: 0 of \\d+ probes of "
                  + Pattern.quote(endpoint.uri() + "/health"))
          .contains("(0%, need 99%)")
          .containsPattern(
              "\\d+ × HTTP 500 from cloud-a, first at \\+0\\.0 s, last at \\+0\\.\\d s");
    }
  }

  @Test
  void should_exit_2_for_a_control_tag_the_catalogue_does_not_have_before_touching_anything() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/controls.feature",
              """
              Feature: Controls
                @control:PCI-DSS-4.2.2
                Scenario: Spread
                  Then the instances run in at least 1 clouds
              """);
      Path controls =
          workspace.write(
              "controls.yaml",
              """
              controls:
                PCI-DSS-4.2.1: { title: Strong TLS, framework: PCI DSS 4.0, severity: high }
              """);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              clouds.toString(),
              "--controls",
              controls.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
      assertThat(run.err())
          .contains(
              feature
                  + ":3: @control:PCI-DSS-4.2.2 is not in "
                  + controls
                  + "; did you mean @control:PCI-DSS-4.2.1? Add it there (title, framework, severity) or fix the tag.");
      assertThat(endpoint.requests()).isZero();
      assertThat(workspace.runFolders()).isEmpty();
    }
  }

  @Test
  void should_exit_2_naming_an_undefined_step_and_the_closest_known_one_before_touching_anything() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/typo.feature",
              """
              Feature: Typo
                Scenario: A typo
                  Given the deploymnet is serving
              """);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .contains(
              feature
                  + ":3: undefined step \"Given the deploymnet is serving\"; closest known step: \"the deployment is serving\"");
      assertThat(run.all()).doesNotContain("\tat ");
      assertThat(endpoint.requests()).isZero();
      assertThat(workspace.runFolders()).isEmpty();
    }
  }

  @Test
  void should_exit_2_when_nothing_listens_at_the_endpoint() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path feature = workspace.write("features/serving.feature", SERVING);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:" + closedPort);

    CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out())
        .contains("ERROR The deployment serves")
        .contains(
            "cannot reach cloud-a at http://127.0.0.1:"
                + closedPort
                + "/health (connection refused")
        .contains("is the endpoint at " + clouds + ":2 right?");
  }

  @Test
  void should_count_the_same_scenarios_in_the_junit_xml_as_in_the_console_summary() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature =
          workspace.write(
              "features/checks.feature",
              """
              Feature: Checks
                Scenario: First holds
                  Then a check that holds
                Scenario: Second does not
                  Then a check that does not hold
                Scenario: Third holds
                  Given the deployment is serving
                  Then a check that holds
              """);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run =
          workspace.run(
              "run",
              feature.toString(),
              "--clouds",
              clouds.toString(),
              "--glue",
              "dev.shakedown.testglue");

      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out())
          .contains("3 scenarios: 2 passed, 1 failed, 0 errors, 0 skipped")
          .contains("the check did not hold: measured 12, need 10 at most");
      String junit = workspace.read(workspace.latestRun().resolve("junit.xml"));
      assertThat(attribute(junit, "tests")).isEqualTo(3);
      assertThat(attribute(junit, "failures")).isEqualTo(1);
      assertThat(attribute(junit, "skipped")).isZero();
    }
  }

  @Test
  void should_run_each_scenario_exactly_once_however_it_is_selected() {
    Path feature =
        workspace.write(
            "features/once.feature",
            """
            Feature: Once
              Scenario: One
                Then a check that holds
              Scenario: Two
                Then a check that holds
            """);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:9");

    // The folder, the file and one line of it: the selections overlap and must not add up.
    CommandLineRun run =
        workspace.run(
            "run",
            feature.getParent().toString(),
            feature.toString(),
            feature + ":4",
            "--clouds",
            clouds.toString(),
            "--glue",
            "dev.shakedown.testglue");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
    assertThat(run.out()).contains("2 scenarios: 2 passed");
    String messages = workspace.read(workspace.latestRun().resolve("cucumber.ndjson"));
    assertThat(Pattern.compile("\"testCaseStarted\"").matcher(messages).results().count())
        .isEqualTo(2);
    assertThat(attribute(workspace.read(workspace.latestRun().resolve("junit.xml")), "tests"))
        .isEqualTo(2);
  }

  @Test
  void should_run_only_the_scenario_on_the_given_line() {
    Path feature =
        workspace.write(
            "features/lines.feature",
            """
            Feature: Lines
              Scenario: One
                Then a check that holds
              Scenario: Two
                Then a check that does not hold
            """);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:9");

    CommandLineRun run =
        workspace.run(
            "run",
            feature + ":2",
            "--clouds",
            clouds.toString(),
            "--glue",
            "dev.shakedown.testglue");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
    assertThat(run.out()).contains("1 scenario: 1 passed").doesNotContain("Two");
  }

  @Test
  void should_select_scenarios_by_tag_and_refuse_a_selection_of_nothing() {
    Path feature =
        workspace.write(
            "features/tags.feature",
            """
            Feature: Tags
              @commit
              Scenario: Fast
                Then a check that holds
              @gameday
              Scenario: Slow
                Then a check that does not hold
            """);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:9");
    String glue = "dev.shakedown.testglue";

    CommandLineRun commit =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            clouds.toString(),
            "--glue",
            glue,
            "--tags",
            "@commit");
    CommandLineRun nothing =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            clouds.toString(),
            "--glue",
            glue,
            "--tags",
            "@nightly");
    CommandLineRun broken =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            clouds.toString(),
            "--glue",
            glue,
            "--tags",
            "@commit and");

    assertThat(commit.exitCode()).as(commit.all()).isEqualTo(0);
    assertThat(commit.out()).contains("1 scenario: 1 passed");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err())
        .contains("no scenario selected in " + feature + " with --tags \"@nightly\"");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err()).contains("--tags \"@commit and\" is not a tag expression");
  }

  @Test
  void should_leave_game_day_scenarios_out_unless_asked_for_them_even_in_a_commit_feature() {
    Path feature =
        workspace.write(
            "features/mixed.feature",
            """
            @commit
            Feature: Mixed
              Scenario: Fast
                Then a check that holds
              @gameday
              Scenario: Big
                Then a check that holds
            """);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:9");
    String[] run = {"run", feature.toString(), "--clouds", clouds.toString(), "--glue"};
    String glue = "dev.shakedown.testglue";

    CommandLineRun byDefault = workspace.run(concat(run, glue));
    CommandLineRun commit = workspace.run(concat(run, glue, "--tags", "@commit"));
    CommandLineRun gameday = workspace.run(concat(run, glue, "--tags", "@gameday"));
    CommandLineRun planned = workspace.run(concat(run, glue, "--gameday", "--dry-run"));
    CommandLineRun onlyGameday =
        workspace.run("run", feature + ":6", "--clouds", clouds.toString(), "--glue", glue);

    for (CommandLineRun pipeline : List.of(byDefault, commit)) {
      assertThat(pipeline.exitCode()).as(pipeline.all()).isEqualTo(0);
      assertThat(pipeline.err())
          .contains(
              "left out 1 scenario tagged @gameday: they run on a game day (--gameday), or when"
                  + " --tags names @gameday");
      assertThat(pipeline.out())
          .contains("PASS  Fast")
          .doesNotContain("Big")
          .contains("1 scenario: 1 passed");
    }
    assertThat(gameday.out()).contains("PASS  Big").doesNotContain("Fast");
    assertThat(gameday.all()).doesNotContain("left out");
    assertThat(planned.out()).contains("dry run: 2 scenarios would run");
    assertThat(onlyGameday.exitCode()).isEqualTo(2);
    assertThat(onlyGameday.err())
        .contains("no scenario selected in " + feature + ":6")
        .contains("(left out 1 scenario tagged @gameday: they run on a game day");
  }

  private static String[] concat(String[] first, String... rest) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(first), java.util.Arrays.stream(rest))
        .toArray(String[]::new);
  }

  @Test
  void should_report_a_harness_bug_as_a_failure_naming_where_it_happened() {
    Path feature =
        workspace.write(
            "features/bug.feature",
            """
            Feature: Bug
              Scenario: Bug
                Then the harness trips over a bug
            """);
    Path clouds = workspace.endpointConfig("http://127.0.0.1:9");

    CommandLineRun run =
        workspace.run(
            "run",
            feature.toString(),
            "--clouds",
            clouds.toString(),
            "--glue",
            "dev.shakedown.testglue");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "harness error java.lang.IllegalStateException: boom at dev.shakedown.testglue.CheckSteps");
  }

  @Test
  void should_print_the_plan_of_a_dry_run_and_touch_nothing() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature = workspace.write("features/serving.feature", SERVING);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run =
          workspace.run("run", feature.toString(), "--clouds", clouds.toString(), "--dry-run");

      assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
      assertThat(run.out())
          .contains("dry run: 1 scenario would run; nothing was touched")
          .contains("The deployment serves  (" + feature + ":2)")
          .contains("    Given the deployment is serving")
          .contains(
              "        -> would probe "
                  + endpoint.uri()
                  + "/health for 300 ms (need 99% answering 2xx)");
      assertThat(endpoint.requests()).isZero();
      assertThat(workspace.runFolders()).isEmpty();
    }
  }

  @Test
  void should_write_every_report_and_the_allure_environment() throws Exception {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path feature = workspace.write("features/serving.feature", SERVING);
      Path clouds = workspace.endpointConfig(endpoint.uri().toString());

      CommandLineRun run =
          workspace.run(
              Map.of(
                  "GITHUB_ACTIONS",
                  "true",
                  "GITHUB_SERVER_URL",
                  "https://github.example",
                  "GITHUB_REPOSITORY",
                  "acme/donations",
                  "GITHUB_RUN_ID",
                  "42",
                  "GITHUB_RUN_NUMBER",
                  "7",
                  "GITHUB_WORKFLOW",
                  "gate",
                  "GITHUB_SHA",
                  "abc123"),
              "run",
              feature.toString(),
              "--clouds",
              clouds.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
      Path folder = workspace.latestRun();
      assertThat(Files.isSymbolicLink(folder)).isTrue();
      assertThat(folder.toRealPath().getFileName().toString())
          .matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
      for (String report :
          new String[] {"junit.xml", "cucumber.ndjson", "cucumber.html", "cucumber.json"}) {
        assertThat(folder.resolve(report)).isNotEmptyFile();
      }
      assertThat(workspace.read(folder.resolve("allure-results/environment.properties")))
          .contains("git.commit=abc123")
          .contains("clouds=cloud-a")
          .contains("shakedown.version=");
      assertThat(workspace.read(folder.resolve("allure-results/executor.json")))
          .contains("\"type\" : \"github\"")
          .contains("https://github.example/acme/donations/actions/runs/42");
      try (var results = Files.list(folder.resolve("allure-results"))) {
        assertThat(results.map(p -> p.getFileName().toString()))
            .anyMatch(name -> name.endsWith("-result.json"));
      }
      try (var evidence = Files.list(folder.resolve("evidence"))) {
        String record = workspace.read(evidence.findFirst().orElseThrow());
        assertThat(record)
            .contains("\"scenario\" : \"The deployment serves\"")
            .contains("steady-state success rate");
      }
    }
  }

  @Test
  void should_never_write_a_secret_to_the_console_or_a_report() {
    try (TestEndpoint endpoint = TestEndpoint.answering(500)) {
      Path feature = workspace.write("features/serving.feature", SERVING);
      Path clouds =
          workspace.write(
              "clouds.yaml",
              """
              clouds:
                cloud-a:
                  provider: local
                  endpoint: %s
                  probe:
                    sample: 200ms
                    headers:
                      Authorization: "Bearer ${PROBE_TOKEN}"
              """
                  .formatted(endpoint.uri()));

      CommandLineRun run =
          workspace.run(
              Map.of("PROBE_TOKEN", "tok-7f3a9c-very-secret"),
              "run",
              feature.toString(),
              "--clouds",
              clouds.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.all()).doesNotContain("tok-7f3a9c-very-secret");
      assertThat(workspace.everythingWritten()).doesNotContain("tok-7f3a9c-very-secret");
    }
  }

  private static int attribute(String xml, String name) {
    Matcher matcher = Pattern.compile("<testsuite[^>]* " + name + "=\"(\\d+)\"").matcher(xml);
    assertThat(matcher.find()).as("testsuite has %s in %s", name, xml).isTrue();
    return Integer.parseInt(matcher.group(1));
  }
}
