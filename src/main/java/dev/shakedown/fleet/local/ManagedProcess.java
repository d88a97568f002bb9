package dev.shakedown.fleet.local;

import dev.shakedown.fleet.FleetException;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.RunLock;
import dev.shakedown.undo.Undo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process started from a configured command, its output in a log file, recorded in the run's
 * ledger as soon as it has a pid (so that a run that dies does not leave it running: the next sweep
 * ends it), and ended on request.
 */
final class ManagedProcess {
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /**
   * What a child inherits from the harness's environment: what any program needs to find its tools,
   * its home, its temporary folder and its character set (LC_ALL, LC_CTYPE: a container that sets
   * only those would otherwise give a child ASCII file names), and Windows' own.
   */
  static final List<String> INHERITED =
      List.of(
          "PATH",
          "HOME",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "JAVA_HOME",
          "TMPDIR",
          "SystemRoot",
          "TEMP",
          "TMP",
          "USERPROFILE");

  private final Process process;
  private final Path log;
  private Handle handle;

  private ManagedProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code {java}} and {@code {classpath}} filled in, besides {@code
   * placeholders}.
   *
   * @param what how messages name it ({@code instance cloud-a-1}, {@code service router})
   */
  static ManagedProcess start(
      String what,
      String command,
      Map<String, String> placeholders,
      Map<String, String> environment,
      Path log,
      java.util.function.UnaryOperator<String> redact,
      Undo undo) {
    Map<String, String> values = new java.util.HashMap<>(placeholders);
    values.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    values.put("classpath", System.getProperty("java.class.path"));
    List<String> words = CommandLine.fill(CommandLine.split(command), values);
    ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true);
    // The harness's own environment holds its credentials (cloud keys, tokens): a child gets
    // what any program needs to run, and what its config's env: names, nothing else.
    builder.environment().clear();
    for (String name : INHERITED) {
      String value = System.getenv(name);
      if (value != null) {
        builder.environment().put(name, value);
      }
    }
    builder.environment().putAll(environment);
    ManagedProcess started;
    try {
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
      started = new ManagedProcess(builder.start(), log);
      OutputLog.follow(
          started.process.getInputStream(), log, redact, String.valueOf(started.pid()));
    } catch (IOException e) {
      throw new FleetException(
          "cannot start "
              + what
              + " with command '"
              + redact.apply(String.join(" ", words))
              + "': "
              + e.getMessage()
              + "; check its 'command:' in the config",
          e);
    }
    Instant startedAt = started.process.info().startInstant().orElse(null);
    try {
      started.handle =
          undo.record(
              new LedgerEntry.StartedProcess(
                  what + " (pid " + started.pid() + ")", started.pid(), startedAt, RunLock.host()),
              started::endAndConfirm);
    } catch (RuntimeException refused) {
      // Not recorded (the run is being interrupted): it must not outlive this moment.
      started.process.descendants().forEach(ProcessHandle::destroyForcibly);
      started.process.destroyForcibly();
      throw refused;
    }
    return started;
  }

  Process process() {
    return process;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL to the process and everything it started: the fault "is killed". */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (awaitExit(STOP_GRACE)) {
      handle.end("killed (SIGKILL)");
    }
  }

  /** The process ended on its own (it crashed, or its command exited): nothing left to end. */
  void exited() {
    if (!process.isAlive()) {
      handle.end("exited with code " + process.exitValue());
    }
  }

  /**
   * SIGTERM, then SIGKILL if it has not ended within the grace period; what it started is ended
   * too, so no grandchild outlives the run.
   */
  void terminate() {
    handle.close();
  }

  private String endAndConfirm() {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      if (!awaitExit(STOP_GRACE)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
      }
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      throw new FleetException("pid " + pid() + " did not end on SIGKILL");
    }
    return "ended pid " + pid();
  }

  boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
