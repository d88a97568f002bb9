package dev.shakedown.undo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who holds a TCP port on this machine: a port a run is about to serve on must be free, or a check
 * could pass against another process (one a dead run left behind) while the run's own died on
 * "address already in use".
 */
public final class PortHolder {
  private static final int CONNECT_TIMEOUT_MILLIS = 300;

  private PortHolder() {}

  /** Whether anything accepts connections on {@code host:port} now. */
  public static boolean inUse(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException nothingThere) {
      return false;
    }
  }

  /**
   * The process listening on {@code port}, as {@code pid 4242 (java ... DemoRouter ...)}, where the
   * machine says (Linux's /proc, for the user's own processes); empty where it cannot be known.
   */
  public static Optional<String> describe(int port) {
    Optional<String> inode = listeningInode(port);
    if (inode.isEmpty()) {
      return Optional.empty();
    }
    String socket = "socket:[" + inode.get() + "]";
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        if (holds(process.resolve("fd"), socket)) {
          long pid = Long.parseLong(process.getFileName().toString());
          // The executable only: another program's arguments are none of our business to print.
          String executable =
              ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("unknown program");
          boolean ours =
              ProcessHandle.of(pid)
                  .flatMap(p -> p.info().commandLine())
                  .map(c -> c.contains("dev.shakedown"))
                  .orElse(false);
          return Optional.of(
              "pid "
                  + pid
                  + " ("
                  + executable
                  + (ours
                      ? ", a Shakedown process: if it is a dead run's, shakedown sweep ends it"
                      : "")
                  + ")");
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean holds(Path fds, String socket) {
    try (Stream<Path> links = Files.list(fds)) {
      for (Path fd : links.toList()) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals(socket)) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException closed) {
          // closed meanwhile, or not a link
        }
      }
    } catch (IOException | RuntimeException notOurs) {
      // another user's process: not readable
    }
    return false;
  }

  private static Optional<String> listeningInode(int port) {
    String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] fields = line.trim().split("\\s+");
          // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
          // inode
          if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
            return Optional.of(fields[9]);
          }
        }
      } catch (IOException | RuntimeException notLinux) {
        // no /proc here
      }
    }
    return Optional.empty();
  }
}
