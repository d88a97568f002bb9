package dev.shakedown.fleet.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * A child process's output, line by line into its log file, each line redacted first: a process
 * that prints its environment or a URL with a password in it leaves no secret under the run folder.
 */
final class OutputLog {
  private OutputLog() {}

  /** Copies {@code output} to the end of {@code log} until the process closes it. */
  static void follow(InputStream output, Path log, UnaryOperator<String> redact, String name) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                  Writer out =
                      Files.newBufferedWriter(
                          log,
                          StandardCharsets.UTF_8,
                          StandardOpenOption.CREATE,
                          StandardOpenOption.APPEND)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  out.write(redact.apply(line));
                  out.write('\n');
                  out.flush(); // whoever reads the log (a failure message) sees it whole
                }
              } catch (IOException ended) {
                // The process or the run ended: there is nothing more to copy.
              }
            },
            "shakedown-output-" + name);
    pump.setDaemon(true);
    pump.start();
  }
}
