package dev.shakedown.fleet;

import dev.shakedown.config.Redactor;
import dev.shakedown.config.ServiceSettings;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The config's services (the stores a restore drill replaces, the demo's router), as the run and
 * its steps reach them: by name, never as processes, so that a drill can restart a store that runs
 * elsewhere than on this machine.
 */
public interface Services extends AutoCloseable {
  /**
   * The config's {@code services:} started as processes on this machine, each recorded first: by
   * the starter the local provider registers (ServiceLoader), so that nothing here names it.
   */
  static Services startLocal(
      Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor, Undo undo) {
    Starter starter =
        ServiceLoader.load(Starter.class, Services.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new FleetException(
                        "no starter for the config's services is on the class path (the local"
                            + " provider registers one in META-INF/services)"));
    return starter.start(services, runDirectory, redactor, undo);
  }

  /** Starts the config's services: what a provider of them registers with ServiceLoader. */
  interface Starter {
    Services start(
        Map<String, ServiceSettings> services, Path runDirectory, Redactor redactor, Undo undo);
  }

  boolean has(String service);

  /** Whether the service answers on its ready URL now. */
  boolean serving(String service);

  /**
   * Stops {@code service} and starts {@code command} in its place (a store restored from a backup),
   * waiting until it is ready again.
   */
  void replace(String service, String command, Map<String, String> placeholders);

  /**
   * Starts a process beside the services (a scratch copy) on a free port, its {@code {port}}, ended
   * with them or by {@link #stopExtra}; returns once it answers on {@code readyPath}.
   *
   * @return the port
   */
  int startExtra(
      String name,
      String command,
      Map<String, String> placeholders,
      String readyPath,
      Duration timeout);

  /** Stops what {@link #startExtra} started; nothing when it is not running. */
  void stopExtra(String name);

  @Override
  void close();
}
