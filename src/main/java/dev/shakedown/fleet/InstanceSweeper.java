package dev.shakedown.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.ConfigException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.NonSecretSettings;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Sweep;
import dev.shakedown.undo.Undo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Undoes what a dead run did to instances of a cloud that outlives it: starts what it stopped, and
 * checks that what it killed or rebooted has been replaced. The cloud is reopened from the {@code
 * --clouds} files given to the sweep, else from the files the run used, else from the settings its
 * ledger kept (without secrets: credentials come from the same sources as for a run).
 */
public final class InstanceSweeper implements AutoCloseable {
  private static final Duration WHOLE_NOW = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetProviders providers;
  private final ConfigLoader loader;
  private final Optional<ShakedownConfig> given;
  private final Path logDirectory;
  private final Map<String, Fleet> opened = new LinkedHashMap<>();

  /**
   * @param given the config files named with {@code --clouds}, if any
   */
  public InstanceSweeper(
      FleetProviders providers,
      ConfigLoader loader,
      Optional<ShakedownConfig> given,
      Path logDirectory) {
    this.providers = providers;
    this.loader = loader;
    this.given = given;
    this.logDirectory = logDirectory;
  }

  /**
   * @param runAlive the run that made it is still alive (a forced sweep)
   */
  public Sweep.Outcome sweep(LedgerEntry entry, String run, boolean runAlive) {
    LedgerEntry.CloudRef cloud = cloudOf(entry);
    if (endedWithRun(cloud)) {
      return runAlive
          ? Sweep.Outcome.left("run " + run + " is alive: its local cloud is its own to revert")
          : Sweep.Outcome.ended(endedWithRunNote(run));
    }
    if (entry instanceof LedgerEntry.InstanceStopped stopped) {
      return start(stopped, run);
    }
    if (entry instanceof LedgerEntry.InstancesKilled killed) {
      return whole(killed.cloud(), killed.expected(), run);
    }
    if (entry instanceof LedgerEntry.InstanceRebooted rebooted) {
      return whole(rebooted.cloud(), rebooted.expected(), run);
    }
    if (entry instanceof LedgerEntry.CloudChanged changed) {
      return Sweep.Outcome.reverted(
          open(changed.cloud())
              .undo(
                  new CloudChange(
                      changed.kind(), changed.key(), changed.description(), changed.details())));
    }
    throw new IllegalArgumentException("not an instance entry: " + entry);
  }

  private static LedgerEntry.CloudRef cloudOf(LedgerEntry entry) {
    if (entry instanceof LedgerEntry.InstanceStopped stopped) {
      return stopped.cloud();
    }
    if (entry instanceof LedgerEntry.InstancesKilled killed) {
      return killed.cloud();
    }
    if (entry instanceof LedgerEntry.InstanceRebooted rebooted) {
      return rebooted.cloud();
    }
    if (entry instanceof LedgerEntry.CloudChanged changed) {
      return changed.cloud();
    }
    throw new IllegalArgumentException("not an instance entry: " + entry);
  }

  private Sweep.Outcome start(LedgerEntry.InstanceStopped stopped, String run) {
    Fleet fleet = open(stopped.cloud());
    Optional<Sweep.Outcome> unsettled = unsettled(fleet);
    if (unsettled.isPresent()) {
      return unsettled.get();
    }
    Optional<Instance> now = find(fleet, stopped.instance());
    if (now.isEmpty() || now.get().state() == InstanceState.TERMINATED) {
      return Sweep.Outcome.ended(
          "it no longer exists (terminated, or replaced by its group); nothing to start");
    }
    if (now.get().state() == InstanceState.RUNNING) {
      return Sweep.Outcome.ended("it runs already");
    }
    fleet.start(
        new Instance(
            stopped.instance(),
            stopped.cloud().name(),
            stopped.zone(),
            URI.create("http://0.0.0.0"),
            now.get().state(),
            Map.of()));
    InstanceState after =
        find(fleet, stopped.instance()).map(Instance::state).orElse(InstanceState.TERMINATED);
    if (after != InstanceState.RUNNING) {
      throw new FleetException("it is " + after.name().toLowerCase() + " after it was started");
    }
    return Sweep.Outcome.reverted("started again: running");
  }

  private Sweep.Outcome whole(LedgerEntry.CloudRef cloud, int expected, String run) {
    Fleet fleet = open(cloud);
    Optional<Sweep.Outcome> unsettled = unsettled(fleet);
    if (unsettled.isPresent()) {
      return unsettled.get();
    }
    try {
      fleet.awaitHealthy(expected, WHOLE_NOW);
      return Sweep.Outcome.reverted(
          "cloud " + cloud.name() + " is whole again: " + expected + " serving");
    } catch (FleetException notYet) {
      return Sweep.Outcome.left(
          notYet.getMessage() + "; it may still be replacing them: sweep again in a while");
    }
  }

  /**
   * A change the dead run asked for may still be under way (a stop draining, a VM's deletion
   * queued): judged now, the instance would look as it did before, and the entry be closed wrongly.
   */
  private static Optional<Sweep.Outcome> unsettled(Fleet fleet) {
    try {
      fleet.awaitSettled(WHOLE_NOW);
      return Optional.empty();
    } catch (FleetException underWay) {
      return Optional.of(
          Sweep.Outcome.left(underWay.getMessage() + "; sweep again once it has ended"));
    }
  }

  private boolean endedWithRun(LedgerEntry.CloudRef cloud) {
    return "local".equals(cloud.provider());
  }

  private static String endedWithRunNote(String run) {
    return "a local cloud's instances are processes of run " + run + ", ended with it";
  }

  private static Optional<Instance> find(Fleet fleet, String id) {
    return fleet.instances().stream().filter(i -> i.id().equals(id)).findFirst();
  }

  /** The cloud, opened once per sweep for every entry that names it. */
  private Fleet open(LedgerEntry.CloudRef ref) {
    Fleet fleet = opened.get(ref.name());
    if (fleet != null) {
      return fleet;
    }
    Cloud cloud = resolve(ref);
    FleetProvider provider =
        providers
            .provider(cloud.provider())
            .orElseThrow(
                () ->
                    new FleetException("no provider '" + cloud.provider() + "' in this Shakedown"));
    fleet =
        provider.open(
            cloud,
            new FleetContext(
                logDirectory, new Redactor(), FleetContext.Mode.SWEEP, Undo.discarding()));
    opened.put(ref.name(), fleet);
    return fleet;
  }

  private Cloud resolve(LedgerEntry.CloudRef ref) {
    List<String> tried = new ArrayList<>();
    if (given.isPresent()) {
      Optional<Cloud> named = given.get().cloud(ref.name());
      if (named.isPresent() && named.get().provider().equals(ref.provider())) {
        return named.get();
      }
      tried.add("--clouds names no " + ref.provider() + " cloud '" + ref.name() + "'");
    }
    List<Path> files = ref.files().stream().map(Path::of).toList();
    if (!files.isEmpty() && files.stream().allMatch(Files::isRegularFile)) {
      try {
        Optional<Cloud> named = loader.load(files).cloud(ref.name());
        if (named.isPresent() && named.get().provider().equals(ref.provider())) {
          return named.get();
        }
        tried.add(String.join(", ", ref.files()) + " no longer names it");
      } catch (ConfigException e) {
        tried.add(
            String.join(", ", ref.files()) + " no longer loads (" + e.problems().get(0) + ")");
      }
    } else {
      tried.add(String.join(", ", ref.files()) + " is gone");
    }
    try {
      return loader.cloud(
          "the ledger's record of cloud " + ref.name(), ref.name(), ref.provider(), ref.settings());
    } catch (ConfigException e) {
      tried.add("the settings the ledger kept do not load (" + e.problems().get(0) + ")");
      throw new FleetException(
          "cannot reopen cloud '"
              + ref.name()
              + "': "
              + String.join("; ", tried)
              + "; sweep again with --clouds FILE naming it");
    }
  }

  private static Optional<Cloud> same(ShakedownConfig config, LedgerEntry.CloudRef ref) {
    return config
        .cloud(ref.name())
        .filter(cloud -> cloud.provider().equals(ref.provider()))
        .filter(
            cloud ->
                json(NonSecretSettings.of(cloud.settings().settings(), config.redactor()))
                    .equals(json(ref.settings())));
  }

  // Compared as JSON, as the ledger holds them: the same settings read back the same way.
  private static JsonNode json(Map<String, Object> settings) {
    try {
      return JSON.readTree(JSON.writeValueAsString(settings));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    opened.values().forEach(Fleet::close);
    opened.clear();
  }
}
