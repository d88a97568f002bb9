package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.compliance.LegacyTls;
import dev.shakedown.runner.ExitCode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;

/** The entry point: the only class, with the rest of {@code cli}, that writes to the console. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // First, before anything loads the JVM's TLS stack: the TLS control must be able to ask
    // whether an endpoint still accepts TLS 1.0 and 1.1.
    LegacyTls.allow();
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
    LegacyTls.allow(); // in-process runs too; no effect once the TLS stack has loaded
    CommandLine commandLine =
        new CommandLine(new ShakedownCommand(new Console(out, err), environment, ownsProcess));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof ShakedownException) {
            // The user's mistake: what and where, never a stack trace.
            exception.getMessage().lines().forEach(err::println);
          } else {
            err.println("shakedown: internal error, please report it with this trace:");
            exception.printStackTrace(err);
          }
          err.flush();
          return ExitCode.UNUSABLE.code();
        });
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          // A usage mistake: say what and how to get help, without burying it under the whole
          // usage.
          CommandLine failed = exception.getCommandLine();
          err.println("shakedown: " + exception.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
          err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
          err.flush();
          return ExitCode.UNUSABLE.code();
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
