package dev.shakedown.faults;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Undo;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Network faults of a run, through the official Toxiproxy client: each is a {@link Handle} whose
 * ledger entry is written before it is applied; it is read back from the API once applied (a fault
 * that is not there fails the step), and its revert removes it and reads back that it is gone.
 * Toxics carry the run id in their names, so a sweep finds exactly its own on a Toxiproxy that
 * outlives the run.
 */
public final class NetworkFaults {
  private final Links links;
  private final Undo undo;
  private final AtomicInteger sequence;
  private final Consumer<String> planner;

  public NetworkFaults(Links links, Undo undo) {
    this(links, undo, new AtomicInteger(), null);
  }

  private NetworkFaults(Links links, Undo undo, AtomicInteger sequence, Consumer<String> planner) {
    this.links = links;
    this.undo = undo;
    this.sequence = sequence;
    this.planner = planner;
  }

  /**
   * The faults of a dry run: each one said to {@code planner} as it would be added, and no proxy
   * touched (a dry run sets none up), so that a step reads the same in a dry run and a real one.
   */
  public static NetworkFaults planned(Consumer<String> planner) {
    return new NetworkFaults(null, Undo.discarding(), new AtomicInteger(), planner);
  }

  /** The same faults, their handles kept in {@code scope} (a scenario's). */
  public NetworkFaults within(Undo scope) {
    return new NetworkFaults(links, scope, sequence, planner);
  }

  private Handle plan(LedgerEntry entry, String line) {
    return undo.apply(entry, () -> planner.accept(line), () -> "nothing to undo in a dry run");
  }

  /** Any toxic in Toxiproxy's own terms, described by what it is. */
  public Handle add(String link, ToxicSpec spec) {
    return add(link, spec, spec.describe() + " on " + link);
  }

  /**
   * Any toxic in Toxiproxy's own terms.
   *
   * @param description how messages, the evidence and the ledger name it
   */
  public Handle add(String link, ToxicSpec spec, String description) {
    return toxic(
        link,
        spec.type(),
        description,
        spec.toxicity(),
        (proxy, name) -> create(proxy, name, spec));
  }

  public Handle latency(String link, Duration latency, Duration jitter) {
    String description =
        Durations.format(latency)
            + " of latency"
            + (jitter.isZero() ? "" : " with " + Durations.format(jitter) + " of jitter")
            + " on "
            + link;
    return add(
        link,
        ToxicSpec.of("latency")
            .attribute("latency", latency.toMillis())
            .attribute("jitter", jitter.toMillis()),
        description);
  }

  public Handle bandwidth(String link, long kilobytesPerSecond) {
    return add(
        link,
        ToxicSpec.of("bandwidth").attribute("rate", kilobytesPerSecond),
        "bandwidth of " + link + " limited to " + kilobytesPerSecond + " KB/s");
  }

  public Handle resetPeer(String link, Duration after, Percentage share) {
    return add(
        link,
        ToxicSpec.of("reset_peer")
            .attribute("timeout", after.toMillis())
            .toxicity(share.fraction()),
        share + " of the connections to " + link + " reset after " + Durations.format(after));
  }

  public Handle slicer(String link, long averageBytes, Duration gap) {
    return add(
        link,
        // Toxiproxy's slicer delay is in microseconds.
        ToxicSpec.of("slicer")
            .attribute("average_size", averageBytes)
            .attribute("delay", gap.toNanos() / 1000),
        "data on "
            + link
            + " sliced into "
            + averageBytes
            + "-byte pieces "
            + Durations.format(gap)
            + " apart");
  }

  /** The toxic through the official client, which has a call per type. */
  private static Toxic create(Proxy proxy, String name, ToxicSpec spec) throws java.io.IOException {
    ToxicDirection stream =
        spec.stream() == ToxicSpec.Stream.UPSTREAM
            ? ToxicDirection.UPSTREAM
            : ToxicDirection.DOWNSTREAM;
    var toxics = proxy.toxics();
    return switch (spec.type()) {
      case "latency" -> {
        var toxic = toxics.latency(name, stream, spec.attribute("latency"));
        if (spec.attribute("jitter") > 0) {
          toxic.setJitter(spec.attribute("jitter"));
        }
        yield toxic;
      }
      case "bandwidth" -> toxics.bandwidth(name, stream, spec.attribute("rate"));
      case "slow_close" -> toxics.slowClose(name, stream, spec.attribute("delay"));
      case "timeout" -> toxics.timeout(name, stream, spec.attribute("timeout"));
      case "reset_peer" -> toxics.resetPeer(name, stream, spec.attribute("timeout"));
      case "slicer" -> {
        var toxic =
            toxics.slicer(name, stream, spec.attribute("average_size"), spec.attribute("delay"));
        if (spec.attribute("size_variation") > 0) {
          toxic.setSizeVariation(spec.attribute("size_variation"));
        }
        yield toxic;
      }
      case "limit_data" -> toxics.limitData(name, stream, spec.attribute("bytes"));
      default -> throw new IllegalStateException("no client call for toxic type " + spec.type());
    };
  }

  /** The link cut: its proxy disabled, so connections are refused and open ones dropped. */
  public Handle cut(String link) {
    String description = link + " cut off";
    if (planner != null) {
      return plan(
          new LedgerEntry.LinkCut(description, link, null, link, false),
          "would inject through Toxiproxy: " + description);
    }
    Link target = links.link(link);
    return undo.apply(
        new LedgerEntry.LinkCut(
            description, link, target.server(), target.proxy(), target.embedded()),
        () -> {
          call(
              target,
              "cutting " + link,
              proxy -> {
                proxy.disable();
                return null;
              });
          if (call(target, "checking that " + link + " is cut", Proxy::isEnabled)) {
            throw new FaultException(
                "cut "
                    + link
                    + " but the Toxiproxy at "
                    + target.server()
                    + " still shows it enabled; the fault did not take effect");
          }
        },
        () -> {
          call(
              target,
              "restoring " + link,
              proxy -> {
                proxy.enable();
                return null;
              });
          if (!call(target, "checking that " + link + " is restored", Proxy::isEnabled)) {
            throw new FaultException(link + " is still cut after it was enabled again");
          }
          return "enabled again, and the proxy reads enabled";
        });
  }

  /** Is any fault (a toxic, or the proxy disabled) in place on the link, whoever put it there? */
  public List<String> activeOn(String link) {
    if (planner != null) {
      return List.of(); // nothing was added: a dry run
    }
    Link target = links.link(link);
    return call(
        target,
        "reading the faults on " + link,
        proxy -> {
          List<String> active =
              new ArrayList<>(
                  proxy.toxics().getAll().stream().map(t -> "toxic " + t.getName()).toList());
          if (!proxy.isEnabled()) {
            active.add("the proxy is disabled");
          }
          return active;
        });
  }

  /** What every toxic of this run is named with: how a sweep recognises its own. */
  private String toxicPrefix() {
    return "shakedown-" + undo.run() + "-";
  }

  private interface ToxicFactory {
    Toxic create(Proxy proxy, String name) throws Exception;
  }

  interface ProxyCall<T> {
    T call(Proxy proxy) throws Exception;
  }

  private Handle toxic(
      String link, String type, String description, double toxicity, ToxicFactory factory) {
    if (planner != null) {
      return plan(
          new LedgerEntry.Toxic(description, link, null, link, type, false),
          "would inject through Toxiproxy: " + description);
    }
    String name = toxicPrefix() + type + "-" + sequence.incrementAndGet();
    Link target = links.link(link);
    return undo.apply(
        new LedgerEntry.Toxic(
            description, link, target.server(), target.proxy(), name, target.embedded()),
        () -> {
          call(
              target,
              "adding " + description,
              proxy -> {
                Toxic toxic = factory.create(proxy, name);
                if (toxicity < 1.0) {
                  toxic.setToxicity((float) toxicity);
                }
                return toxic;
              });
          if (!call(target, "checking " + description, proxy -> present(proxy, name))) {
            throw new FaultException(
                "added "
                    + description
                    + " but the Toxiproxy at "
                    + target.server()
                    + " does not show it; the fault did not take effect");
          }
        },
        () -> {
          call(
              target,
              "removing " + description,
              proxy -> {
                if (present(proxy, name)) {
                  proxy.toxics().get(name).remove();
                }
                return null;
              });
          if (call(target, "checking that " + description + " is gone", p -> present(p, name))) {
            throw new FaultException(description + " is still there after it was removed");
          }
          return "toxic " + name + " removed, and gone from the proxy";
        });
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
}
