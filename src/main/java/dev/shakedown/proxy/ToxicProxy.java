package dev.shakedown.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One proxy: listens, connects each client to the upstream, and pipes both streams through the
 * toxics active at that moment. Disabled, it stops listening and drops its connections, as
 * Toxiproxy does, so clients see a refused connection.
 */
final class ToxicProxy {
  private final String name;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final List<Toxic> toxics = new CopyOnWriteArrayList<>();
  private final List<Toxic> readOnly = java.util.Collections.unmodifiableList(toxics);
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile String listen;
  private volatile String upstream;
  private volatile boolean enabled;
  // Which listening the proxy is in: a connection accepted by one that has since been closed must
  // not outlive it (see enable).
  private volatile int generation;
  private Channel server;

  ToxicProxy(
      String name, String listen, String upstream, EventLoopGroup boss, EventLoopGroup workers) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.boss = boss;
    this.workers = workers;
  }

  String name() {
    return name;
  }

  synchronized String listen() {
    return listen;
  }

  String upstream() {
    return upstream;
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * The toxics, read-only: a view, not a copy, that every chunk consults; iterating it walks a
   * snapshot (copy-on-write), so a toxic added meanwhile never breaks a loop over them.
   */
  List<Toxic> toxics() {
    return readOnly;
  }

  synchronized void enable() {
    if (enabled) {
      return;
    }
    InetSocketAddress address = Addresses.parse(listen);
    int listening = ++generation;
    try {
      server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.AUTO_READ, false)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.RECVBUF_ALLOCATOR, Connection.READS)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                      connections.add(client);
                      // Accepted just before a disable closed the connections, set up just after:
                      // it would carry traffic through a link that reads cut. Added first, then
                      // checked, so that either the disable's close or this one ends it.
                      if (generation != listening) {
                        client.close();
                        return;
                      }
                      new Connection(ToxicProxy.this, client).start();
                    }
                  })
              .bind(address)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      throw new ToxiproxyApiException(500, "listen tcp " + listen + ": " + e.getMessage());
    }
    listen = Addresses.format((InetSocketAddress) server.localAddress());
    enabled = true;
  }

  synchronized void disable() {
    if (!enabled) {
      return;
    }
    enabled = false;
    generation++;
    server.close().syncUninterruptibly();
    connections.close().syncUninterruptibly();
  }

  synchronized void update(String newListen, String newUpstream) {
    boolean wasEnabled = enabled;
    if (newListen != null && !newListen.equals(listen)) {
      disable();
      listen = newListen;
    }
    if (newUpstream != null) {
      upstream = newUpstream;
    }
    if (wasEnabled) {
      enable();
    }
  }

  Toxic addToxic(Toxic toxic) {
    synchronized (toxics) {
      if (toxics.stream().anyMatch(t -> t.name().equals(toxic.name()))) {
        throw new ToxiproxyApiException(409, "toxic already exists");
      }
      toxics.add(toxic);
    }
    return toxic;
  }

  Toxic toxic(String toxicName) {
    return toxics.stream()
        .filter(t -> t.name().equals(toxicName))
        .findFirst()
        .orElseThrow(() -> new ToxiproxyApiException(404, "toxic not found"));
  }

  Toxic replaceToxic(Toxic old, Toxic updated) {
    synchronized (toxics) {
      int index = toxics.indexOf(old);
      if (index < 0) {
        throw new ToxiproxyApiException(404, "toxic not found");
      }
      toxics.set(index, updated);
    }
    return updated;
  }

  void removeToxic(String toxicName) {
    Toxic toxic = toxic(toxicName);
    toxics.remove(toxic);
  }

  void removeAllToxics() {
    toxics.clear();
  }

  InetSocketAddress upstreamAddress() {
    return Addresses.parse(upstream);
  }

  EventLoopGroup workers() {
    return workers;
  }
}
