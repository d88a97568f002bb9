package dev.shakedown.faults;

import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Sweep;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;

/**
 * Undoes a dead run's network faults on the Toxiproxy that holds them. A Toxiproxy that does not
 * answer keeps the entry open: only the run's own embedded proxy is known to have ended with it.
 */
public final class ToxiproxySweeper {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ToxiproxySweeper() {}

  public static Sweep.Outcome sweep(LedgerEntry entry, String run, boolean runAlive) {
    if (entry instanceof LedgerEntry.Toxic toxic) {
      return toxic.embedded() && !runAlive
          ? embeddedGone(run)
          : onProxy(
              toxic.server(), toxic.proxy(), toxic.description(), proxy -> remove(proxy, toxic));
    }
    if (entry instanceof LedgerEntry.LinkCut cut) {
      return cut.embedded() && !runAlive
          ? embeddedGone(run)
          : onProxy(cut.server(), cut.proxy(), cut.description(), ToxiproxySweeper::enable);
    }
    throw new IllegalArgumentException("not a network fault: " + entry);
  }

  // Its proxy lived in the run's JVM, and is gone with it; whatever now answers on that port is
  // another run's, and not to be touched.
  private static Sweep.Outcome embeddedGone(String run) {
    return Sweep.Outcome.ended("its embedded fault proxy ended with run " + run + "'s JVM");
  }

  private static Sweep.Outcome remove(Proxy proxy, LedgerEntry.Toxic toxic) throws Exception {
    if (!present(proxy, toxic.toxic())) {
      return Sweep.Outcome.ended("toxic " + toxic.toxic() + " is already gone");
    }
    proxy.toxics().get(toxic.toxic()).remove();
    if (present(proxy, toxic.toxic())) {
      return Sweep.Outcome.left("toxic " + toxic.toxic() + " is still there after it was removed");
    }
    return Sweep.Outcome.reverted("removed toxic " + toxic.toxic() + ", and it is gone");
  }

  private static Sweep.Outcome enable(Proxy proxy) throws Exception {
    if (proxy.isEnabled()) {
      return Sweep.Outcome.ended("proxy " + proxy.getName() + " is enabled already");
    }
    proxy.enable();
    return proxy.isEnabled()
        ? Sweep.Outcome.reverted(
            "enabled proxy " + proxy.getName() + " again, and it reads enabled")
        : Sweep.Outcome.left("proxy " + proxy.getName() + " still reads disabled");
  }

  private static boolean present(Proxy proxy, String toxic) throws java.io.IOException {
    return proxy.toxics().getAll().stream().anyMatch(t -> t.getName().equals(toxic));
  }

  private interface ProxyAction {
    Sweep.Outcome apply(Proxy proxy) throws Exception;
  }

  private static Sweep.Outcome onProxy(
      URI server, String proxyName, String description, ProxyAction action) {
    try {
      return ToxiproxyCalls.call(
          server,
          TIMEOUT,
          "sweeping " + description,
          () -> {
            Proxy proxy =
                new ToxiproxyClient(server.getHost(), server.getPort()).getProxyOrNull(proxyName);
            return proxy == null
                ? Sweep.Outcome.ended("its proxy " + proxyName + " is gone, and the fault with it")
                : action.apply(proxy);
          });
    } catch (FaultException e) {
      return Sweep.Outcome.left(
          e.getCause() instanceof ConnectException
              ? "the Toxiproxy at "
                  + server
                  + " does not answer (connection refused); sweep again once it is back"
              : e.getMessage() + "; sweep again once it answers");
    }
  }
}
