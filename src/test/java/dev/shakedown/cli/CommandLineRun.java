package dev.shakedown.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process command line: its exit code and everything it printed. */
public record CommandLineRun(int exitCode, String out, String err) {

  public static CommandLineRun of(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment::get);
    return new CommandLineRun(code, out.toString(), err.toString());
  }

  public static CommandLineRun of(String... args) {
    return of(Map.of(), args);
  }

  public String all() {
    return out + err;
  }
}
