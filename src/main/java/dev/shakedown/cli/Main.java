package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.runner.ExitCode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;

/** The entry point: the only class, with the rest of {@code cli}, that writes to the console. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err, System::getenv, true));
  }

  /** Runs a command line and returns its exit code; what the tests call in-process. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Function<String, String> environment) {
    return run(args, out, err, environment, false);
  }

  /**
   * @param ownsProcess launched from main: a run handles Ctrl-C and SIGTERM itself, and exits
   */
  private static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Function<String, String> environment,
      boolean ownsProcess) {
    RedactingWriter redactedOut = new RedactingWriter(out);
    RedactingWriter redactedErr = new RedactingWriter(err);
    // Flushed at every line, as the streams they wrap are.
    PrintWriter shownOut = new PrintWriter(redactedOut, true);
    PrintWriter shownErr = new PrintWriter(redactedErr, true);
    Console console =
        new Console(
            shownOut,
            shownErr,
            redactor -> {
              redactedOut.use(redactor);
              redactedErr.use(redactor);
            });
    CommandLine commandLine =
        new CommandLine(new ShakedownCommand(console, environment, ownsProcess));
    commandLine.setOut(shownOut);
    commandLine.setErr(shownErr);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof ShakedownException) {
            // The user's mistake: what and where, never a stack trace.
            exception.getMessage().lines().forEach(shownErr::println);
          } else {
            shownErr.println("shakedown: internal error, please report it with this trace:");
            exception.printStackTrace(shownErr);
          }
          shownErr.flush();
          return ExitCode.UNUSABLE.code();
        });
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          // A usage mistake: say what and how to get help, without burying it under the whole
          // usage.
          CommandLine failed = exception.getCommandLine();
          shownErr.println("shakedown: " + exception.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, shownErr);
          shownErr.println(
              "Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
          shownErr.flush();
          return ExitCode.UNUSABLE.code();
        });
    int code = commandLine.execute(args);
    shownOut.flush();
    shownErr.flush();
    return code;
  }
}
