package dev.shakedown.faults;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network faults of a run, through the official Toxiproxy client: each is written to the ledger
 * before it is applied, read back from the API once applied (a fault that is not there fails the
 * step), and handed back as an {@link InjectedFault} whose close reverts it. Toxics carry the run
 * id in their names, so a sweep recognises them on a Toxiproxy that outlives the run.
 */
public final class NetworkFaults {
  private final Links links;
  private final FaultLedger ledger;
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<InjectedFault> open = new CopyOnWriteArrayList<>();
  private final java.util.Set<Link> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public NetworkFaults(Links links, FaultLedger ledger) {
    this.links = links;
    this.ledger = ledger;
  }

  public InjectedFault latency(String link, Duration latency, Duration jitter) {
    String description =
        Durations.format(latency)
            + " of latency"
            + (jitter.isZero() ? "" : " with " + Durations.format(jitter) + " of jitter")
            + " on "
            + link;
    return toxic(
        link,
        "latency",
        description,
        1.0,
        (proxy, name) -> {
          var toxic = proxy.toxics().latency(name, ToxicDirection.DOWNSTREAM, latency.toMillis());
          if (!jitter.isZero()) {
            toxic.setJitter(jitter.toMillis());
          }
          return toxic;
        });
  }

  public InjectedFault bandwidth(String link, long kilobytesPerSecond) {
    return toxic(
        link,
        "bandwidth",
        "bandwidth of " + link + " limited to " + kilobytesPerSecond + " KB/s",
        1.0,
        (proxy, name) ->
            proxy.toxics().bandwidth(name, ToxicDirection.DOWNSTREAM, kilobytesPerSecond));
  }

  public InjectedFault resetPeer(String link, Duration after, Percentage share) {
    return toxic(
        link,
        "reset_peer",
        share + " of the connections to " + link + " reset after " + Durations.format(after),
        share.fraction(),
        (proxy, name) ->
            proxy.toxics().resetPeer(name, ToxicDirection.DOWNSTREAM, after.toMillis()));
  }

  public InjectedFault slicer(String link, long averageBytes, Duration gap) {
    return toxic(
        link,
        "slicer",
        "data on "
            + link
            + " sliced into "
            + averageBytes
            + "-byte pieces "
            + Durations.format(gap)
            + " apart",
        1.0,
        (proxy, name) ->
            proxy
                .toxics()
                .slicer(name, ToxicDirection.DOWNSTREAM, averageBytes, gap.toNanos() / 1000));
  }

  /** The link cut: its proxy disabled, so connections are refused and open ones dropped. */
  public InjectedFault cut(String link) {
    Link target = links.link(link);
    String description = link + " cut off";
    String id =
        ledger.applying(
            FaultLedger.Entry.proxyDisabled(
                target.server().toString(), target.proxy(), link, description));
    Handle fault =
        new Handle(description, id) {
          @Override
          void revert() {
            call(
                target,
                "restoring " + link,
                proxy -> {
                  proxy.enable();
                  return null;
                });
            if (!call(target, "checking that " + link + " is restored", Proxy::isEnabled)) {
              throw new FaultException(link + " is still cut after it was restored");
            }
          }
        };
    apply(
        fault,
        target,
        () ->
            call(
                target,
                "cutting " + link,
                proxy -> {
                  proxy.disable();
                  return null;
                }));
    boolean applied =
        call(target, "checking that " + link + " is cut", proxy -> !proxy.isEnabled());
    if (!applied) {
      fault.close();
      throw new FaultException(
          "cut "
              + link
              + " but the Toxiproxy at "
              + target.server()
              + " still shows it enabled; the fault did not take effect");
    }
    return fault;
  }

  /** Faults applied and not yet reverted. */
  public List<InjectedFault> open() {
    return open.stream().filter(InjectedFault::active).toList();
  }

  /** Is any fault (a toxic, or the proxy disabled) in place on the link, whoever put it there? */
  public List<String> activeOn(String link) {
    Link target = links.link(link);
    return call(
        target,
        "reading the faults on " + link,
        proxy -> {
          List<String> active =
              new java.util.ArrayList<>(
                  proxy.toxics().getAll().stream().map(t -> "toxic " + t.getName()).toList());
          if (!proxy.isEnabled()) {
            active.add("the proxy is disabled");
          }
          return active;
        });
  }

  /**
   * Reverts every open fault; never throws. For scenario ends and for Ctrl-C: then it also removes,
   * from every link this run touched, any toxic that carries the run's name, in case one was being
   * applied at that very moment.
   */
  public void revertAll() {
    for (InjectedFault fault : List.copyOf(open)) {
      fault.close();
    }
    String prefix = toxicPrefix();
    for (Link link : touched) {
      try {
        call(
            link,
            "removing what is left of this run on " + link.name(),
            proxy -> {
              for (var toxic : proxy.toxics().getAll()) {
                if (toxic.getName().startsWith(prefix)) {
                  toxic.remove();
                }
              }
              return null;
            });
      } catch (RuntimeException e) {
        // The ledger still lists it; the next sweep tries again.
      }
    }
  }

  /**
   * Applies a fault whose handle is already registered, so that a revert at any moment (Ctrl-C in
   * the middle of this call) finds it; if the handle was closed meanwhile, the fault is reverted
   * again once applied.
   */
  private void apply(Handle fault, Link target, Runnable action) {
    touched.add(target);
    open.add(fault);
    try {
      action.run();
    } catch (RuntimeException e) {
      fault.close();
      throw e;
    }
    if (!fault.active()) {
      try {
        fault.revert();
      } catch (RuntimeException ignored) {
        // The sweep gets what this could not.
      }
    }
  }

  /** What every toxic of this run is named with: how the revert and a sweep recognise them. */
  private String toxicPrefix() {
    return "shakedown-" + ledger.run() + "-";
  }

  private interface ToxicFactory {
    Toxic create(Proxy proxy, String name) throws Exception;
  }

  private interface ProxyCall<T> {
    T call(Proxy proxy) throws Exception;
  }

  private InjectedFault toxic(
      String link, String type, String description, double toxicity, ToxicFactory factory) {
    Link target = links.link(link);
    String name = toxicPrefix() + type + "-" + sequence.incrementAndGet();
    String id =
        ledger.applying(
            FaultLedger.Entry.toxic(
                target.server().toString(), target.proxy(), name, link, description));
    Handle fault =
        new Handle(description, id) {
          @Override
          void revert() {
            call(
                target,
                "removing " + description,
                proxy -> {
                  if (present(proxy, name)) {
                    proxy.toxics().get(name).remove();
                  }
                  return null;
                });
            if (call(
                target,
                "checking that " + description + " is gone",
                proxy -> present(proxy, name))) {
              throw new FaultException(description + " is still there after it was removed");
            }
          }
        };
    apply(
        fault,
        target,
        () ->
            call(
                target,
                "adding " + description,
                proxy -> {
                  Toxic toxic = factory.create(proxy, name);
                  if (toxicity < 1.0) {
                    toxic.setToxicity((float) toxicity);
                  }
                  return toxic;
                }));
    // Verify it took effect: read it back.
    boolean there = call(target, "checking " + description, proxy -> present(proxy, name));
    if (!there) {
      fault.close();
      throw new FaultException(
          "added "
              + description
              + " but the Toxiproxy at "
              + target.server()
              + " does not show it; the fault did not take effect");
    }
    return fault;
  }

  private static boolean present(Proxy proxy, String toxic) throws java.io.IOException {
    return proxy.toxics().getAll().stream().anyMatch(t -> t.getName().equals(toxic));
  }

  private static <T> T call(Link link, String what, ProxyCall<T> call) {
    return ToxiproxyCalls.call(
        link.server(),
        link.timeout(),
        what,
        () -> {
          Proxy proxy =
              new ToxiproxyClient(link.server().getHost(), link.server().getPort())
                  .getProxy(link.proxy());
          return call.call(proxy);
        });
  }

  private abstract class Handle implements InjectedFault {
    private final String description;
    private final String id;
    private volatile boolean active = true;

    Handle(String description, String id) {
      this.description = description;
      this.id = id;
    }

    abstract void revert();

    @Override
    public String description() {
      return description;
    }

    @Override
    public boolean active() {
      return active;
    }

    @Override
    public synchronized void close() {
      if (!active) {
        return;
      }
      try {
        revert();
        active = false;
        ledger.reverted(id);
      } catch (RuntimeException e) {
        // Left in the ledger for the next sweep; reported where the revert was asked for.
        ledger.revertFailed(id, String.valueOf(e.getMessage()));
        active = false;
      } finally {
        open.remove(this);
      }
    }
  }
}
