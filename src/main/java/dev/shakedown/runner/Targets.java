package dev.shakedown.runner;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.faults.Links;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetContext;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.PlannedFleet;
import dev.shakedown.fleet.ReservedPorts;
import dev.shakedown.fleet.Services;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Everything a config describes, brought up in dependency order (local services such as stores and
 * a router, the proxies in front of them, then every cloud at once) and closed in reverse. In a dry
 * run only the clouds are opened, to list their instances; nothing is started.
 */
public final class Targets implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Map<String, Fleet> fleets = new LinkedHashMap<>();
  private Links links;
  private Services services;
  private final Consumer<String> problems;

  private Targets(Consumer<String> problems) {
    this.problems = problems;
  }

  /**
   * Starts and opens everything, for a run.
   *
   * @param directory the run folder: instance and service output goes under it
   * @param undo where every process started is recorded, so that none outlives a run that dies
   * @param problems told of anything that could not be closed cleanly
   */
  public static Targets open(
      ShakedownConfig config,
      FleetProviders providers,
      Path directory,
      Undo undo,
      Consumer<String> problems) {
    Targets targets = new Targets(problems);
    ReservedPorts.reserve(config.namedPorts());
    try {
      targets.services = Services.startLocal(config.services(), directory, config.redactor(), undo);
      targets.opened.add(targets.services);
      targets.links = Links.open(config);
      targets.opened.add(targets.links);
      targets.openFleets(
          config,
          providers,
          new FleetContext(
              directory.resolve("instances"), config.redactor(), FleetContext.Mode.RUN, undo),
          fleet -> fleet);
      return targets;
    } catch (RuntimeException e) {
      targets.close();
      throw e;
    }
  }

  /**
   * Opens the clouds for a dry run: listed, nothing started, each behind a {@link PlannedFleet}
   * that tells {@code planner} what it would do.
   */
  public static Targets plan(
      ShakedownConfig config,
      FleetProviders providers,
      Path directory,
      Consumer<String> planner,
      Consumer<String> problems) {
    Targets targets = new Targets(problems);
    try {
      targets.openFleets(
          config,
          providers,
          new FleetContext(
              directory.resolve("instances"),
              config.redactor(),
              FleetContext.Mode.PLAN,
              Undo.discarding()),
          fleet -> new PlannedFleet(fleet, planner));
      return targets;
    } catch (RuntimeException e) {
      targets.close();
      throw e;
    }
  }

  /** The config's local services; null in a dry run, which starts none. */
  Services services() {
    return services;
  }

  /** The links faults go into; empty in a dry run, which sets none up. */
  public java.util.Optional<Links> links() {
    return java.util.Optional.ofNullable(links);
  }

  public Map<String, Fleet> fleets() {
    return Collections.unmodifiableMap(fleets);
  }

  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      AutoCloseable resource = opened.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        problems.accept("could not close " + name(resource) + ": " + e.getMessage());
      }
    }
    opened.clear();
  }

  // Clouds do not depend on each other and opening one is mostly waiting: all at once.
  private void openFleets(
      ShakedownConfig config,
      FleetProviders providers,
      FleetContext context,
      java.util.function.UnaryOperator<Fleet> decorate) {
    Map<String, CompletableFuture<Fleet>> opening = new LinkedHashMap<>();
    for (Cloud cloud : config.clouds().values()) {
      var provider = providers.provider(cloud.provider()).orElseThrow();
      opening.put(cloud.name(), CompletableFuture.supplyAsync(() -> provider.open(cloud, context)));
    }
    RuntimeException failure = null;
    for (var entry : opening.entrySet()) {
      try {
        Fleet fleet = decorate.apply(entry.getValue().join());
        fleets.put(entry.getKey(), fleet);
        opened.add(fleet);
      } catch (CompletionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException(e.getCause());
        failure = failure == null ? cause : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String name(AutoCloseable resource) {
    return resource instanceof Fleet fleet
        ? "cloud '" + fleet.cloud() + "'"
        : resource.getClass().getSimpleName();
  }
}
