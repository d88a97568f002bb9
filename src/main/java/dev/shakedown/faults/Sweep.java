package dev.shakedown.faults;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reverts what dead runs left: their toxics and disabled proxies on any Toxiproxy still there, and
 * processes they started that still run. Run by every {@code shakedown run} before it starts, and
 * by {@code shakedown sweep}.
 */
public final class Sweep {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Sweep() {}

  /** One line per fault found: what it was and what the sweep did about it. */
  public static List<String> run(Path reportsRoot, String exceptRun) {
    List<String> report = new ArrayList<>();
    for (var ledger : FaultLedger.unreverted(reportsRoot, exceptRun).entrySet()) {
      for (FaultLedger.Entry entry : ledger.getValue()) {
        Optional<String> outcome = revert(entry);
        if (outcome.isPresent()) {
          FaultLedger.append(
              ledger.getKey(),
              FaultLedger.Entry.closing(
                  "reverted", entry.id(), entry.run(), "by sweep: " + outcome.get()));
          report.add("run " + entry.run() + ": " + entry.description() + ": " + outcome.get());
        } else {
          report.add(
              "run "
                  + entry.run()
                  + ": "
                  + entry.description()
                  + ": could not be reverted, see above; sweep again once it is reachable");
        }
      }
    }
    return report;
  }

  private static Optional<String> revert(FaultLedger.Entry entry) {
    return switch (entry.kind()) {
      case "toxic" ->
          toxiproxy(
              entry,
              proxy -> {
                boolean present =
                    proxy.toxics().getAll().stream()
                        .anyMatch(t -> t.getName().equals(entry.name()));
                if (present) {
                  proxy.toxics().get(entry.name()).remove();
                  return "removed toxic " + entry.name();
                }
                return "already gone";
              });
      case "proxy-disabled" ->
          toxiproxy(
              entry,
              proxy -> {
                if (!proxy.isEnabled()) {
                  proxy.enable();
                  return "enabled proxy " + entry.target() + " again";
                }
                return "already enabled";
              });
      case "process" -> Optional.of(endProcess(entry));
      default -> Optional.of("nothing to do from here (it ended with its run's processes)");
    };
  }

  private interface ProxyAction {
    String apply(Proxy proxy) throws Exception;
  }

  private static Optional<String> toxiproxy(FaultLedger.Entry entry, ProxyAction action) {
    URI server = URI.create(entry.server());
    try {
      String result =
          ToxiproxyCalls.call(
              server,
              TIMEOUT,
              "sweeping " + entry.description(),
              () -> {
                Proxy proxy =
                    new ToxiproxyClient(server.getHost(), server.getPort())
                        .getProxyOrNull(entry.target());
                return proxy == null
                    ? "its proxy is gone, and the fault with it"
                    : action.apply(proxy);
              });
      return Optional.of(result);
    } catch (FaultException e) {
      if (e.getCause() instanceof java.net.ConnectException) {
        // An embedded fault proxy dies with its run, taking its toxics with it.
        return Optional.of("its Toxiproxy at " + server + " is gone, and the fault with it");
      }
      return Optional.empty();
    }
  }

  private static String endProcess(FaultLedger.Entry entry) {
    Optional<ProcessHandle> process = ProcessHandle.of(entry.pid());
    boolean same =
        process.isPresent()
            && process.get().isAlive()
            && process
                .get()
                .info()
                .startInstant()
                .map(Instant::toString)
                .map(s -> s.equals(entry.name()))
                .orElse(false);
    if (!same) {
      return "not running any more";
    }
    process.get().descendants().forEach(ProcessHandle::destroyForcibly);
    process.get().destroyForcibly();
    return "ended process " + entry.pid();
  }
}
