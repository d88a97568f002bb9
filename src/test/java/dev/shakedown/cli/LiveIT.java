package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.compliance.HeadlessChromium;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page of a run on the demo, opened in headless Chromium while both stores are cut: the
 * success rate it shows falls between two reads, a screenshot of it mid-fault is kept in the run
 * folder, a request without the token is refused, and its abort ends the run with everything
 * reverted.
 */
class LiveIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Pattern SUCCESS = Pattern.compile("id=\"success\">([^<]*)<");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void the_page_follows_the_run_refuses_a_stranger_and_aborts_it_with_everything_reverted()
      throws Exception {
    Workspace workspace = new Workspace(dir);
    // The floor would halt the run first: the abort is what this test is about.
    Path clouds =
        workspace.localConfig("warmUp: 5s", "warmUp: 1s", "haltAfter: 10s", "haltAfter: 5m");
    Path feature =
        workspace.write(
            "features/live.feature",
            """
            Feature: Live
              Scenario: Both stores cut while the room watches
                Given the deployment is serving
                Then the deployment keeps serving for 10 seconds with at least 90% success
                When "cloud-a/store" is cut off
                And "cloud-b/store" is cut off
                Then the deployment keeps serving for 120 seconds with at least 1% success
            """);
    ShakedownProcess run =
        ShakedownProcess.start(
            PROJECT,
            dir.resolve("logs"),
            "run",
            feature.toString(),
            "--clouds",
            clouds.toString(),
            "--reports",
            workspace.reports().toString(),
            "--live");
    URI page = awaitAddress(run);
    URI root = page.resolve("/");

    assertThat(get(root).statusCode()).isEqualTo(403);
    assertThat(get(root.resolve("/" + "0".repeat(48) + "/")).statusCode()).isEqualTo(403);
    assertThat(post(page.resolve("abort"), null).statusCode())
        .as("an abort without the token in its header")
        .isEqualTo(403);

    String before = awaitPage(page, dom -> success(dom).endsWith("%") && !dom.contains("cut off"));
    String during =
        awaitPage(page, dom -> dom.contains("cloud-b/store cut off") && fallen(success(dom)));
    assertThat(success(during))
        .as("what the page shows changes as the run does")
        .isNotEqualTo(success(before));
    Matcher id = Pattern.compile("Run (\\d{8}T\\d{6}Z-[0-9a-f]+)").matcher(during);
    assertThat(id.find()).isTrue();
    Path screenshot = workspace.reports().resolve(id.group(1)).resolve("screenshots/live.png");
    java.nio.file.Files.createDirectories(screenshot.getParent());
    chromium("--window-size=1100,900", "--screenshot=" + screenshot, page.toString());
    assertThat(screenshot).isNotEmptyFile();

    HttpResponse<String> abort = post(page.resolve("abort"), page.getPath().split("/")[1]);
    assertThat(abort.statusCode()).isEqualTo(202);

    assertThat(run.await(120)).as(run.out() + run.err()).isEqualTo(130);
    assertThat(run.err()).contains("everything this run applied is reverted (exit 130)");
    ShakedownProcess.assertNothingToSweep(
        PROJECT, dir.resolve("sweep-logs"), workspace.reports(), clouds);
  }

  private static String success(String dom) {
    Matcher value = SUCCESS.matcher(dom);
    return value.find() ? value.group(1) : "";
  }

  private static boolean fallen(String shown) {
    return shown.endsWith("%") && Double.parseDouble(shown.replace("%", "")) < 50;
  }

  /** The page as headless Chromium makes it, read until it shows what is awaited. */
  private String awaitPage(URI page, Predicate<String> shows) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String dom = "";
    while (System.nanoTime() < deadline) {
      dom = chromium("--dump-dom", page.toString());
      if (shows.test(dom)) {
        return dom;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the live page never showed it; last:\n" + dom);
  }

  private static URI awaitAddress(ShakedownProcess run) throws Exception {
    Pattern live = Pattern.compile("live: (http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{48}/)");
    for (int i = 0; i < 600; i++) {
      Matcher address = live.matcher(run.out());
      if (address.find()) {
        return URI.create(address.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no live address printed: " + run.out() + run.err());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI uri, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("X-Shakedown-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String chromium(String... arguments) throws Exception {
    return HeadlessChromium.run(arguments);
  }
}
