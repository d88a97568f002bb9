package dev.shakedown.traffic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The load generator's HTTP/1.1 client: keep-alive connections, at most {@code maxConnections} to a
 * destination, each carrying one request at a time; requests beyond them wait in a queue, and their
 * wait counts in their latency as it would behind any client's, and beyond {@code maxQueued} are
 * refused. A request that has no answer within the timeout, from the moment it was handed over and
 * queueing included, fails, and its connection is closed: HTTP/1.1 cannot reuse it while an answer
 * may still come.
 *
 * <p>One event loop thread owns every connection, queue and timeout, so none of it takes a lock; a
 * sender builds its request on its own thread and hands it over. It replaced Jetty's HttpClient,
 * whose per-request URI building, cookie matching and connection pool locking took most of the
 * generator's CPU above 20,000 requests a second (JFR, bench/load.sh).
 *
 * <p>HTTPS verifies the server's certificate against the JVM's trust store and its name against the
 * URL's host, always: a gate must not measure an impostor. Redirects are not followed, cookies not
 * kept; a body over 64 KiB is a failure.
 */
final class LoadClient implements AutoCloseable {
  static final int MAX_BODY = 64 * 1024;
  private static final long SWEEP_MILLIS = 10;

  /**
   * What became of one request: exactly one of these, on the client's thread (or at once on the
   * caller's, for a request HTTP cannot carry); must not block. What it throws is lost: it must not
   * throw.
   */
  interface Answer {
    void answered(int status, Map<String, String> headers, String body);

    void failed(Throwable failure);
  }

  /** A body over {@link #MAX_BODY}: its answer was not read. */
  static final class BodyTooLongException extends Exception {
    BodyTooLongException() {
      super("an answer's body over " + MAX_BODY / 1024 + " KiB", null, false, false);
    }
  }

  private final int maxConnections;
  private final int maxQueued;
  private final long timeoutNanos;
  private final Duration timeout;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final ExecutorService resolver;
  private final SslContext tls;
  // All below: the loop's thread only.
  private final Map<Key, Destination> destinations = new HashMap<>();
  // Every exchange not yet done, in the order handed over, which is the order of their deadlines
  // (one timeout for all): the sweep looks at the head only.
  private final ArrayDeque<Exchange> byDeadline = new ArrayDeque<>();
  private boolean closed;

  private LoadClient(int maxConnections, int maxQueued, Duration timeout) throws SSLException {
    this.maxConnections = maxConnections;
    this.maxQueued = maxQueued;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.tls = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("shakedown-load-io", true), NioIoHandler.newFactory());
    this.loop = group.next();
    // Name lookups block; on a thread of their own they cannot hold up the answers of the
    // connections already open (a DNS outage is a thing a failover scenario may cause).
    this.resolver =
        Executors.newCachedThreadPool(new DefaultThreadFactory("shakedown-load-dns", true));
    loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * @param maxConnections per destination
   * @param maxQueued requests waiting for a connection, per destination
   * @param timeout for each request, from the moment it is handed over; also the connect timeout
   */
  static LoadClient start(int maxConnections, int maxQueued, Duration timeout) throws SSLException {
    return new LoadClient(maxConnections, maxQueued, timeout);
  }

  /** Sends a request; {@code answer} hears how it went, once. */
  void send(LoadRequest request, Answer answer) {
    long deadline = System.nanoTime() + timeoutNanos;
    Key key;
    FullHttpRequest http;
    try {
      key = Key.of(request.uri());
      http = encode(request, key);
    } catch (RuntimeException e) { // not a URL, a method or a header HTTP can carry
      answer.failed(e);
      return;
    }
    Exchange exchange = new Exchange(http, deadline, answer);
    try {
      loop.execute(() -> submit(key, exchange));
    } catch (RejectedExecutionException e) {
      exchange.fail(e);
    }
  }

  private static FullHttpRequest encode(LoadRequest request, Key key) {
    URI uri = request.uri();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target = target + "?" + uri.getRawQuery();
    }
    byte[] body =
        request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
    HttpMethod method = HttpMethod.valueOf(request.method().toUpperCase(Locale.ROOT));
    FullHttpRequest http =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, target, io.netty.buffer.Unpooled.wrappedBuffer(body));
    HttpHeaders headers = http.headers();
    headers.set(HttpHeaderNames.HOST, key.hostHeader());
    headers.set(HttpHeaderNames.USER_AGENT, "shakedown");
    // As browsers, hey and the Jetty client this replaced ask: a deployment that compresses does
    // that work under load too. The answer is decompressed before it is judged.
    headers.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
    request.headers().forEach(headers::set);
    if (request.body() != null) {
      if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      }
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    } else if (method.equals(HttpMethod.POST)
        || method.equals(HttpMethod.PUT)
        || method.equals(HttpMethod.PATCH)) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0); // some servers answer 411 without it
    }
    return http;
  }

  private void submit(Key key, Exchange exchange) {
    if (closed) {
      exchange.fail(new RejectedExecutionException("the load client is closed"));
      return;
    }
    byDeadline.add(exchange);
    destinations.computeIfAbsent(key, Destination::new).submit(exchange);
  }

  /** Fails what is past its deadline; a request on a connection takes the connection with it. */
  private void sweep() {
    long now = System.nanoTime();
    Exchange head;
    while ((head = byDeadline.peek()) != null && (head.done || head.deadline - now <= 0)) {
      byDeadline.poll();
      if (!head.done) {
        Connection carrier = head.carrier;
        if (carrier == null) {
          head.destination.queued--;
        } else {
          // A TLS close waits for its close_notify: until it is gone, nothing more goes on it,
          // and an answer that comes late closes it (channelRead0, with nothing current).
          carrier.current = null;
        }
        head.fail(new TimeoutException("no answer within " + timeout.toMillis() + " ms"));
        if (carrier != null) {
          carrier.channel.close();
        }
      }
    }
  }

  /** What a failure says, in the words the generator counts: a handshake too slow timed out. */
  private static Throwable reason(Throwable cause) {
    Throwable reason = cause;
    while (reason instanceof io.netty.handler.codec.DecoderException && reason.getCause() != null) {
      reason = reason.getCause();
    }
    if (reason instanceof io.netty.handler.codec.TooLongFrameException) {
      return new BodyTooLongException();
    }
    if (reason instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
      return new TimeoutException("no TLS handshake within the timeout");
    }
    return reason;
  }

  /** Fails what is in flight or queued, closes every connection and stops the client's threads. */
  @Override
  public void close() {
    try {
      loop.submit(
              () -> {
                closed = true;
                Exchange exchange;
                while ((exchange = byDeadline.poll()) != null) {
                  exchange.fail(new EOFException("the load client closed"));
                }
                destinations.values().forEach(Destination::closeAll);
              })
          .await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RejectedExecutionException e) {
      // Already stopped.
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    resolver.shutdownNow();
  }

  private record Key(boolean https, String host, int port) {
    static Key of(URI uri) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        // Not the URL itself: it may hold a secret.
        throw new IllegalArgumentException("not an http or https URL");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("a URL without a host");
      }
      boolean https = scheme.equals("https");
      int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
      if (port > 65_535) {
        throw new IllegalArgumentException("a port over 65535");
      }
      return new Key(https, uri.getHost(), port);
    }

    String hostHeader() {
      return port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    /** The host without an IPv6 literal's brackets, for looking it up. */
    String bareHost() {
      return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
  }

  /** One request, from being handed over until it is answered or fails. */
  private static final class Exchange {
    final long deadline;
    FullHttpRequest request;
    Answer answer;
    Destination destination;
    Connection carrier;
    boolean done;

    Exchange(FullHttpRequest request, long deadline, Answer answer) {
      this.request = request;
      this.deadline = deadline;
      this.answer = answer;
    }

    void fail(Throwable failure) {
      if (done) {
        return;
      }
      Answer told = finish();
      if (request != null) {
        ReferenceCountUtil.release(request);
        request = null;
      }
      try {
        told.failed(failure);
      } catch (Throwable e) { // whatever it is, the loop (and every timeout) must go on
        // Its outcome is the caller's to keep.
      }
    }

    void answer(FullHttpResponse response) {
      if (done) {
        return;
      }
      int status = response.status().code();
      Map<String, String> headers = new LazyHeaders(response.headers());
      String body;
      try {
        body = response.content().toString(charset(response.headers()));
      } catch (RuntimeException e) {
        fail(e); // still exactly one outcome
        return;
      }
      Answer told = finish();
      try {
        told.answered(status, headers, body);
      } catch (Throwable e) {
        // As in fail.
      }
    }

    /**
     * Done: lets go of what it held, so that the ones done behind an unanswered one, which wait in
     * byDeadline until it is, hold no connection, pipeline or TLS engine alive.
     */
    private Answer finish() {
      done = true;
      Answer told = answer;
      answer = null;
      carrier = null;
      destination = null;
      return told;
    }
  }

  /** The connections to one scheme, host and port, and the requests waiting for one. */
  private final class Destination {
    private final Key key;
    private final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private int queued; // in the queue and not done: a timed-out one stays until polled
    private int open; // connected or connecting
    private int connecting;

    Destination(Key key) {
      this.key = key;
    }

    void submit(Exchange exchange) {
      exchange.destination = this;
      Connection connection;
      while ((connection = idle.pollLast()) != null) {
        if (connection.channel.isActive()) {
          connection.carry(exchange);
          return;
        }
      }
      if (queued >= maxQueued) {
        exchange.fail(
            new RejectedExecutionException(
                maxQueued + " requests already wait for a connection to " + key.hostHeader()));
        return;
      }
      queue.add(exchange);
      queued++;
      if (open < maxConnections && connecting < queued) {
        connect();
      }
    }

    private void connect() {
      open++;
      connecting++;
      CompletableFuture.supplyAsync(
              () -> {
                try {
                  return InetAddress.getAllByName(key.bareHost());
                } catch (java.net.UnknownHostException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              resolver)
          .whenCompleteAsync(
              (addresses, failure) -> {
                try {
                  if (failure != null) {
                    connectFailed(
                        failure instanceof java.util.concurrent.CompletionException
                            ? failure.getCause()
                            : failure);
                  } else {
                    open(addresses, 0);
                  }
                } catch (RuntimeException e) {
                  connectFailed(e); // counted down, never a connection that stays "opening"
                }
              },
              loop);
    }

    /**
     * Opens a connection to the {@code which}th of the host's addresses, or the next one when that
     * refuses: one dead address of several is what a failover may leave in DNS for a while.
     */
    private void open(InetAddress[] addresses, int which) {
      if (closed) {
        connectFailed(new EOFException("the load client closed"));
        return;
      }
      Connection connection = new Connection(this);
      new Bootstrap()
          .group(loop)
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis(addresses.length))
          .handler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                  ChannelPipeline pipeline = channel.pipeline();
                  if (key.https) {
                    SslHandler handler = tls.newHandler(channel.alloc(), key.bareHost(), key.port);
                    handler.setHandshakeTimeoutMillis(timeout.toMillis());
                    pipeline.addLast(handler);
                  }
                  pipeline.addLast(
                      new HttpClientCodec(
                          new HttpDecoderConfig()
                              .setMaxInitialLineLength(16 * 1024)
                              .setMaxHeaderSize(MAX_BODY),
                          false,
                          false));
                  pipeline.addLast(new HttpContentDecompressor(0));
                  pipeline.addLast(new Aggregator());
                  pipeline.addLast(connection);
                }
              })
          .connect(new InetSocketAddress(addresses[which], key.port))
          .addListener(
              connected -> {
                if (!loop.inEventLoop()) {
                  // A channel that could not even be created fails on Netty's global executor:
                  // everything here belongs to the loop's thread.
                  loop.execute(() -> connectFailed(connected.cause()));
                  return;
                }
                if (!connected.isSuccess()) {
                  if (which + 1 < addresses.length && !closed) {
                    open(addresses, which + 1);
                  } else {
                    connectFailed(connected.cause());
                  }
                  return;
                }
                SslHandler handshake = connection.channel.pipeline().get(SslHandler.class);
                if (handshake == null) {
                  ready(connection);
                } else {
                  handshake
                      .handshakeFuture()
                      .addListener(
                          shaken -> {
                            if (shaken.isSuccess()) {
                              ready(connection);
                            } else {
                              connection.refused = reason(shaken.cause());
                              connection.channel.close();
                            }
                          });
                }
              });
    }

    /**
     * The connect timeout for each of a host's addresses: with several, a share of the request's
     * timeout, so that one which drops packets leaves time for the next.
     */
    private int connectMillis(int addresses) {
      long millis = timeout.toMillis();
      long share = addresses > 1 ? Math.max(millis / addresses, Math.min(millis, 1_000)) : millis;
      return (int) Math.min(share, 60_000);
    }

    /**
     * A connection that could not be opened. With none other open, nothing can serve what waits,
     * and all of it fails with this cause; otherwise the open ones will.
     */
    private void connectFailed(Throwable cause) {
      open--;
      connecting--;
      if (open == 0) {
        Exchange exchange;
        while ((exchange = queue.poll()) != null) {
          if (!exchange.done) {
            exchange.fail(cause);
          }
        }
        queued = 0;
      }
    }

    private void ready(Connection connection) {
      connecting--;
      connection.ready = true;
      next(connection);
    }

    /** The connection is free: the next one waiting, or idle. */
    void next(Connection connection) {
      Exchange exchange;
      while ((exchange = queue.poll()) != null) {
        if (!exchange.done) {
          queued--;
          connection.carry(exchange);
          return;
        }
      }
      idle.add(connection);
    }

    void closed(Connection connection) {
      if (!connection.ready) {
        // It never carried a request: a connect, or a TLS handshake, that failed.
        connectFailed(
            connection.refused == null
                ? new EOFException("connection closed while opening")
                : connection.refused);
        return;
      }
      open--;
      idle.remove(connection);
      if (queued > connecting && open < maxConnections && !closed) {
        connect();
      }
    }

    void closeAll() {
      idle.forEach(connection -> connection.channel.close());
      idle.clear();
    }
  }

  /** One connection: carries one request at a time and hands its answer back. */
  private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Destination destination;
    private Channel channel;
    private Exchange current;
    private boolean ready;
    private Throwable refused;

    Connection(Destination destination) {
      this.destination = destination;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    void carry(Exchange exchange) {
      current = exchange;
      exchange.carrier = this;
      FullHttpRequest request = exchange.request;
      exchange.request = null; // the write releases it
      channel.writeAndFlush(request, channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      int status = response.status().code();
      boolean failed = response.decoderResult().isFailure();
      if (!failed && status >= 100 && status < 200 && status != 101) {
        return; // an interim answer (100 Continue, 103 Early Hints): the final one follows
      }
      Exchange exchange = current;
      current = null;
      if (exchange == null) {
        ctx.close(); // an answer to nothing asked: the connection cannot be trusted
        return;
      }
      if (failed) {
        exchange.fail(reason(response.decoderResult().cause()));
        ctx.close();
        return;
      }
      if (status == 101) {
        // Switching protocols, which nothing here asked for: not HTTP/1.1 any more.
        exchange.fail(new java.net.ProtocolException("the server switched protocols (HTTP 101)"));
        ctx.close();
        return;
      }
      exchange.answer(response);
      if (HttpUtil.isKeepAlive(response) && ctx.channel().isActive()) {
        destination.next(this);
      } else {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable reason = reason(cause);
      if (!ready && refused == null) {
        refused = reason;
      }
      if (current != null) {
        current.fail(reason);
        current = null;
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (current != null) {
        current.fail(new EOFException("the connection closed before the answer"));
        current = null;
      }
      destination.closed(this);
    }
  }

  /**
   * Gathers an answer's body up to {@link #MAX_BODY}, judging it by the bytes that come: the
   * Content-Length of an answer to HEAD, or of a 304, promises a body that never comes, and must
   * not fail it.
   */
  private static final class Aggregator extends HttpObjectAggregator {
    Aggregator() {
      super(MAX_BODY);
    }

    @Override
    protected boolean isContentLengthInvalid(
        io.netty.handler.codec.http.HttpMessage start, int max) {
      return false;
    }
  }

  /** A response's headers as a map, made only if something reads them. */
  private static final class LazyHeaders extends AbstractMap<String, String> {
    private final HttpHeaders headers;
    private Map<String, String> map;

    LazyHeaders(HttpHeaders headers) {
      this.headers = headers;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      if (map == null) {
        map = new LinkedHashMap<>();
        headers.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      }
      return map.entrySet();
    }
  }

  /** The charset of a Content-Type, else UTF-8, as a browser reads it. */
  static Charset charset(HttpHeaders headers) {
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    if (contentType == null) {
      return StandardCharsets.UTF_8;
    }
    int index = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (index <= 0) {
      return StandardCharsets.UTF_8;
    }
    String name = contentType.substring(index + "charset=".length());
    int semicolon = name.indexOf(';');
    if (semicolon >= 0) {
      name = name.substring(0, semicolon);
    }
    name = name.trim();
    if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1).trim();
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8; // an unknown charset: the bytes as UTF-8, not a lost answer
    }
  }
}
