package dev.shakedown.fleet.local;

import dev.shakedown.fleet.FleetException;
import java.io.IOException;
import java.net.ServerSocket;

/** A port nothing listens on now, for a process this machine is about to start. */
final class Ports {
  private Ports() {}

  static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new FleetException("no free port on this machine: " + e.getMessage(), e);
    }
  }
}
