package dev.shakedown.proxy;

import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A named TCP link of the deployment (such as {@code cloud-a/store}): accepts on {@code listen} and
 * pipes each connection to {@code upstream}. Network faults are injected here. This is the plain
 * data path; it copies through a small buffer, never whole payloads.
 */
public final class TcpForwarder implements AutoCloseable {
  private final String name;
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(r));
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TcpForwarder(String name, ServerSocket server, InetSocketAddress upstream) {
    this.name = name;
    this.server = server;
    this.upstream = upstream;
  }

  public static TcpForwarder start(
      String name, InetSocketAddress listen, InetSocketAddress upstream) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(listen, 512);
      TcpForwarder forwarder = new TcpForwarder(name, server, upstream);
      forwarder.threads.execute(forwarder::accept);
      return forwarder;
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot listen on "
              + listen
              + " for proxy '"
              + name
              + "' ("
              + e.getMessage()
              + "); is another process using the port? change its 'listen:' in the config");
    }
  }

  public String name() {
    return name;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        threads.execute(() -> connect(client));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void connect(Socket client) {
    Socket target = new Socket();
    try {
      target.connect(upstream, 2000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(target);
      return;
    }
    open.add(client);
    open.add(target);
    threads.execute(() -> pipe(client, target));
    pipe(target, client);
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away; the finally closes both.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    open.forEach(TcpForwarder::closeQuietly);
    threads.shutdownNow();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing is best effort: the socket may already be gone.
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "shakedown-proxy");
    thread.setDaemon(true);
    return thread;
  }
}
