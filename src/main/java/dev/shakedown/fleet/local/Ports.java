package dev.shakedown.fleet.local;

import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.ReservedPorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nothing listens on now, for a process this machine is about to start. Picked at random
 * below the range the system hands out for outgoing connections: between the pick and the child's
 * bind, a probe's or a client's own connection could otherwise be given that very port, and the
 * instance would die at start with its port "in use". Never one the config names ({@link
 * ReservedPorts}): a link a cut closed must find its port free when it is restored.
 */
final class Ports {
  private static final int LOWEST = 10_000;
  // A band of its own (10000-23999), below the range for outgoing connections (32768 and up on
  // Linux), leaving the ports between to what picks its own fixed ones (the tests' demos).
  private static final int HIGHEST = 24_000;
  private static final int TRIES = 100;

  // The ports handed out lately: a process started a moment ago may not have bound its port yet,
  // and the next pick must not give it to another.
  private static final java.util.LinkedHashSet<Integer> RECENT = new java.util.LinkedHashSet<>();

  private Ports() {}

  /** False when {@code port} was handed out lately; otherwise remembers it. */
  private static synchronized boolean handOut(int port) {
    if (!RECENT.add(port)) {
      return false;
    }
    if (RECENT.size() > 2_000) {
      RECENT.remove(RECENT.iterator().next());
    }
    return true;
  }

  static int free() {
    int below = Math.min(HIGHEST, ephemeralLow());
    for (int i = 0; below - LOWEST > 1_000 && i < TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!ReservedPorts.reserved(port) && handOut(port) && bindable(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new FleetException("no free port on this machine: " + e.getMessage(), e);
    }
  }

  /** On every address: a wildcard bind fails where any process holds the port on any of them. */
  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port the system gives outgoing connections (Linux), else the IANA range's. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 49_152;
    }
  }
}
