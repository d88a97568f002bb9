package dev.shakedown.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The shape every fleet over a cloud's API shares, so that a provider is its API calls only: what
 * it describes is cached for one {@code pollInterval} (a step that looks ten times costs one call)
 * and forgotten together after a change; an empty selection is refused at the start; a dry run
 * cannot change anything; waiting for instances to serve goes through {@link HealthWait}.
 */
public abstract class CloudApiFleet implements Fleet {
  protected final String cloud;
  protected final Duration pollInterval;
  protected final Duration serveTimeout;
  private final boolean dryRun;
  private final String nothingSelected;
  private final List<Cached<?>> descriptions = new ArrayList<>();
  private final Cached<List<Instance>> listed;

  /**
   * @param pollInterval how long a description is kept, and how often a wait asks again
   * @param serveTimeout how long a started instance may take to serve again (the cloud's
   *     safety.revertTimeout)
   * @param nothingSelected what the config selects and where to look when nothing matches: {@code
   *     no EC2 instance matches tags {service=donations}; check the tags ...}
   */
  protected CloudApiFleet(
      String cloud,
      Duration pollInterval,
      boolean dryRun,
      Duration serveTimeout,
      String nothingSelected) {
    this.cloud = cloud;
    this.nothingSelected = nothingSelected;
    this.pollInterval = pollInterval;
    this.dryRun = dryRun;
    this.serveTimeout = serveTimeout;
    this.listed = described(this::list);
  }

  /** The cloud's instances as its API lists them now: called at most once per poll interval. */
  protected abstract List<Instance> list();

  /** A description of the cloud, kept for one poll interval and forgotten with the others. */
  protected final <T> Cached<T> described(Supplier<T> load) {
    Cached<T> cached = new Cached<>(pollInterval, load);
    synchronized (descriptions) {
      descriptions.add(cached);
    }
    return cached;
  }

  /** After a change: the next look asks the API again, for every description. */
  protected final void forget() {
    synchronized (descriptions) {
      descriptions.forEach(Cached::forget);
    }
  }

  /** Refuses anything that would change the cloud in a dry run, naming it. */
  protected final void mutating(String action) {
    if (dryRun) {
      throw new IllegalStateException("a dry run must not " + action + " in cloud " + cloud);
    }
  }

  /**
   * Waits until {@code missing} says nothing is missing (null), asking every poll interval.
   *
   * @param missing what still lacks, in words, as in {@code 1 of 2 running}; null once served
   */
  protected final Duration awaitServing(int count, Duration timeout, Supplier<String> missing) {
    return HealthWait.until(cloud, count, timeout, pollInterval, missing);
  }

  /**
   * Waits until {@code count} instances are RUNNING as the listing shows them, asking every poll
   * interval.
   *
   * @param running what RUNNING means here, for the message: {@code running, settled and healthy in
   *     group donations-eu}
   */
  protected final Duration awaitRunning(int count, Duration timeout, String running) {
    return awaitServing(
        count,
        timeout,
        () -> {
          long serving =
              instances().stream().filter(i -> i.state() == InstanceState.RUNNING).count();
          return serving >= count ? null : serving + " of " + count + " " + running;
        });
  }

  /**
   * After a rollout: waits until every instance listed is RUNNING and none is one of {@code before}
   * (identities), as many as before at least, asking every poll interval until {@code deadline};
   * what {@code whileWaiting} throws (the run halted) ends the wait.
   *
   * @return whether they all were replaced in time
   */
  protected final boolean awaitAllReplaced(
      List<String> before, java.time.Instant deadline, Runnable whileWaiting) {
    Duration left = Duration.between(java.time.Instant.now(), deadline);
    return dev.shakedown.poll.Poll.within(left.isNegative() ? Duration.ZERO : left)
        .named("cloud " + cloud() + " to replace " + String.join(", ", before))
        .every(pollInterval)
        .failFast(whileWaiting)
        .until(
            () -> {
              List<Instance> now = instances();
              return now.size() >= before.size()
                  && now.stream().allMatch(i -> i.state() == InstanceState.RUNNING)
                  && now.stream().noneMatch(i -> before.contains(i.identity()));
            });
  }

  /** An empty selection is a mistake in the config, said at the start rather than mid-fault. */
  public final void checkSelector() {
    if (instances().isEmpty()) {
      throw new FleetException("cloud '" + cloud + "': " + nothingSelected);
    }
  }

  @Override
  public final String cloud() {
    return cloud;
  }

  @Override
  public final List<Instance> instances() {
    return listed.get();
  }
}
