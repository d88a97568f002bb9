package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A game day on the demo, driven through a real terminal (tmux) as an operator drives it: a kill
 * skipped, a store cut let go, a note taken while the store is cut, and the run aborted there.
 */
class GamedayIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final String NOTE = "the router logged 502s";

  @TempDir Path dir;
  private Workspace workspace;
  private final String socket = "shakedown-" + UUID.randomUUID();
  private final String session = "gameday";

  @BeforeEach
  void workspace() {
    workspace = new Workspace(dir);
  }

  @AfterEach
  void stopTmux() throws Exception {
    tmux("kill-server");
  }

  @Test
  void an_operator_skips_a_kill_notes_a_cut_and_aborts_it_with_everything_reverted()
      throws Exception {
    Path clouds = workspace.localConfig("warmUp: 5s", "warmUp: 1s");
    Path feature =
        workspace.write(
            "features/gameday.feature",
            """
            Feature: Game day
              Scenario: A kill the room skips
                Given the deployment is serving
                When 1 instance in cloud "cloud-a" is killed
                Then the deployment keeps serving for 2 seconds with at least 90% success

              Scenario: A store cut the room watches
                Given the deployment is serving
                When "cloud-a/store" is cut off
                Then the deployment keeps serving for 90 seconds with at least 1% success
            """);
    Path exit = dir.resolve("exit");
    String jar =
        Path.of(System.getProperty("shakedown.jar", "target/shakedown.jar"))
            .toAbsolutePath()
            .toString();
    String java = ProcessHandle.current().info().command().orElse("java");
    String command =
        String.join(
                " ",
                quote(java),
                "-jar",
                quote(jar),
                "run",
                quote(feature.toString()),
                "--clouds",
                quote(clouds.toString()),
                "--reports",
                quote(workspace.reports().toString()),
                "--gameday",
                "--observer",
                "alice",
                "--observer",
                "bob")
            + "; echo $? > "
            + quote(exit.toString())
            + "; exec sleep 600"; // the screen stays to be read; the server is killed after
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "200",
        "-y",
        "50",
        "-c",
        PROJECT.toString(),
        "bash",
        "-c",
        command);

    awaitScreen(s -> s.contains("next: When 1 instance in cloud \"cloud-a\" is killed"), 120);
    assertThat(screen()).contains("  -> will kill cloud-a/").contains(OperatorConsole.KEYS);
    keys("s");
    awaitScreen(s -> s.contains("next: When \"cloud-a/store\" is cut off"), 60);
    keys("");
    awaitScreen(s -> s.lines().anyMatch(line -> line.strip().equals("go")), 10);
    Thread.sleep(2_000); // the store is cut, the check under way
    keys("n " + NOTE);
    awaitScreen(s -> s.contains("noted at") && s.contains(NOTE), 10);
    keys("a");
    awaitFile(exit, 90);

    String screen = screen();
    assertThat(Files.readString(exit).strip()).as(screen).isEqualTo("130");
    assertThat(screen)
        .contains("aborting: reverting everything the run applied")
        .contains("everything this run applied is reverted (exit 130)");
    Path run = workspace.reports().resolve("latest");
    String json = Files.readString(run.resolve("compliance.json"));
    assertThat(json)
        .contains("\"observers\" : [ \"alice\", \"bob\" ]")
        .contains("\"text\" : \"" + NOTE + "\"");
    String html = Files.readString(run.resolve("compliance.html"));
    assertThat(html).contains("id=\"gameday\"").contains(NOTE).contains("class=\"note-mark\"");
    assertThat(json)
        .as("the kill skipped, and the checks after it not made")
        .containsPattern("\"name\" : \"A kill the room skips\",[^}]*\"verdict\" : \"SKIPPED\"");
    assertThat(json).as("the skipped kill killed nothing").doesNotContain("killing cloud-a");

    ShakedownProcess.assertNothingToSweep(
        PROJECT, dir.resolve("sweep-logs"), workspace.reports(), clouds);
  }

  private void keys(String line) throws Exception {
    if (!line.isEmpty()) {
      tmux("send-keys", "-t", session, "-l", line);
    }
    tmux("send-keys", "-t", session, "Enter");
  }

  private String screen() throws Exception {
    return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
  }

  private void awaitScreen(Predicate<String> shown, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = screen();
      if (shown.test(last)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not on the screen within " + seconds + " s:\n" + last);
  }

  private void awaitFile(Path file, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && !Files.readString(file).isBlank()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run did not end within " + seconds + " s:\n" + screen());
  }

  private String tmux(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
