package dev.shakedown.api;

import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.faults.ToxicSpec;
import dev.shakedown.undo.Handle;
import java.util.List;

/**
 * Network faults into the config's links ({@code cloud-a/store}), in Toxiproxy's own terms: each
 * one a handle of the run's current scope (whichever test is running when it is added), recorded
 * before it is applied, refused once the run has halted, and the start of the window a {@link
 * Watch} judges next.
 */
public final class Faults {
  private final Shakedown run;

  Faults(Shakedown run) {
    this.run = run;
  }

  /**
   * Adds a toxic: {@code add("cloud-a/store",
   * ToxicSpec.of("latency").upstream().attribute("latency", 200).toxicity(0.3))}.
   */
  public Handle add(String link, ToxicSpec spec) {
    return run.applying("adding " + spec.describe() + " to " + link, n -> n.add(link, spec));
  }

  /** Cuts the link: its proxy disabled, every connection through it closed. */
  public Handle cut(String link) {
    return run.applying("cutting " + link, n -> n.cut(link));
  }

  /** Every fault on the link now, whoever put it there, as its Toxiproxy reads back. */
  public List<String> activeOn(String link) {
    return run.networkFaults().activeOn(link);
  }

  /** How a fault is applied into the current scope. */
  interface Apply {
    Handle to(NetworkFaults faults);
  }
}
