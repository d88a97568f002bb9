package dev.shakedown.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Small real TCP servers on loopback for proxy tests: an echo server, and one that sends N bytes
 * and closes.
 */
public final class TcpServers implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private TcpServers(Handler handler) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket socket = server.accept();
              threads.execute(
                  () -> {
                    try (socket) {
                      handler.handle(socket);
                    } catch (IOException ignored) {
                      // The client went away.
                    }
                  });
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  interface Handler {
    void handle(Socket socket) throws IOException;
  }

  public static TcpServers echo() {
    return new TcpServers(
        socket -> {
          byte[] buffer = new byte[8192];
          InputStream in = socket.getInputStream();
          OutputStream out = socket.getOutputStream();
          int read;
          while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            out.flush();
          }
        });
  }

  /** Sends {@code bytes} bytes (a repeating pattern) as soon as a client connects, then closes. */
  public static TcpServers sending(int bytes) {
    return new TcpServers(
        socket -> {
          OutputStream out = socket.getOutputStream();
          out.write(pattern(bytes));
          out.flush();
        });
  }

  /**
   * Sends {@code bytes} bytes of the pattern in writes of {@code piece} bytes, each its own segment
   * (no Nagle), a little apart: a stream a proxy receives as many chunks due close together.
   */
  public static TcpServers trickling(int bytes, int piece) {
    return new TcpServers(
        socket -> {
          socket.setTcpNoDelay(true);
          OutputStream out = socket.getOutputStream();
          byte[] data = pattern(bytes);
          for (int at = 0; at < bytes; at += piece) {
            out.write(data, at, Math.min(piece, bytes - at));
            out.flush();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
          }
        });
  }

  public static byte[] pattern(int bytes) {
    byte[] data = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      data[i] = (byte) (i % 251);
    }
    return data;
  }

  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    threads.shutdownNow();
  }
}
