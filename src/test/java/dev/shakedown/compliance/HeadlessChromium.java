package dev.shakedown.compliance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Debian's Chromium, headless: what a browser makes of a page, and a screenshot of it. */
public final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern CONTROL_ROW = Pattern.compile("<tr class=\"control\"");

  private HeadlessChromium() {}

  public record Rendered(String dom, int controlRows, int width, int colours) {}

  public static Rendered render(Path page, Path screenshot) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(
          "this test opens the report in Chromium: install it (apt-get install chromium); .ci/run does");
    }
    Files.createDirectories(screenshot.getParent());
    String uri = page.toUri().toString();
    run(List.of("--window-size=1280,2400", "--screenshot=" + screenshot, uri));
    String dom = run(List.of("--dump-dom", uri));
    BufferedImage image = ImageIO.read(screenshot.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    Matcher rows = CONTROL_ROW.matcher(dom);
    int count = 0;
    while (rows.find()) {
      count++;
    }
    return new Rendered(dom, count, image.getWidth(), colours.size());
  }

  /**
   * Chromium, headless, with these arguments (--dump-dom URL, --screenshot=FILE URL): its output.
   */
  public static String run(String... arguments) throws IOException, InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(
          "this test opens a page in Chromium: install it (apt-get install chromium); .ci/run does");
    }
    return run(List.of(arguments));
  }

  private static String run(List<String> arguments) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars"));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish in 60 s: " + command);
    }
    return out;
  }
}
