package dev.shakedown.runner;

import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.faults.ToxiproxySweeper;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.InstanceSweeper;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Sweep;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sweep of dead runs' ledgers with every kind of entry it knows: network faults on their
 * Toxiproxy, instances through their cloud's API, processes by pid and start time.
 */
public final class Sweeps {
  private Sweeps() {}

  /**
   * @param exceptRun the sweeping run's own id, or empty for {@code shakedown sweep}
   * @param force sweep runs whose lock says they are alive too
   * @param given the config files named with {@code --clouds}, to reopen clouds with
   */
  public static Sweep.Report sweep(
      Path reportsRoot,
      String exceptRun,
      boolean force,
      Optional<ShakedownConfig> given,
      FleetProviders providers,
      Function<String, String> environment) {
    try (InstanceSweeper instances =
        new InstanceSweeper(
            providers,
            new ConfigLoader(providers, environment),
            given,
            reportsRoot.resolve(".ledger"))) {
      return Sweep.run(
          reportsRoot,
          exceptRun,
          force,
          (entry, run, alive) -> {
            if (entry instanceof LedgerEntry.Toxic || entry instanceof LedgerEntry.LinkCut) {
              return ToxiproxySweeper.sweep(entry, run, alive);
            }
            if (entry instanceof LedgerEntry.LoadJob job) {
              return Sweep.Outcome.reverted(dev.shakedown.kubernetes.LoadJob.sweep(job));
            }
            if (entry instanceof LedgerEntry.StoreWiped) {
              return Sweep.Outcome.ended(
                  "a local service lives and dies with run " + run + ", whose processes are ended");
            }
            return instances.sweep(entry, run, alive);
          });
    }
  }
}
