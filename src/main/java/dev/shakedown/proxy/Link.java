package dev.shakedown.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a connection, and the toxics on it. Every chunk gets a release time: now, or
 * later when latency, bandwidth or slicing hold it back; release times never go backwards, so the
 * bytes arrive in order. Chunks are copied by reference, never gathered into whole payloads, and at
 * most {@link #MAX_PENDING} bytes wait in a link before it stops reading from its source.
 */
final class Link {
  private static final long MAX_PENDING = 4L * 1024 * 1024;
  private static final long PACE = TimeUnit.MILLISECONDS.toNanos(100);

  private final Connection connection;
  private final Channel source;
  private final Channel target;
  private final boolean upstream;
  private long nextRelease;
  private long pending;
  private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
  private long passed;
  private boolean paused;
  private boolean closed;
  private boolean timeoutScheduled;
  private boolean resetScheduled;

  /** One listener for every chunk of the plain path, rather than a new one per chunk. */
  private final ChannelFutureListener readNext;

  Link(Connection connection, Channel source, Channel target, boolean upstream) {
    this.connection = connection;
    this.source = source;
    this.target = target;
    this.upstream = upstream;
    this.readNext =
        written -> {
          if (written.isSuccess()) {
            source.read();
          } else {
            connection.closeBoth();
          }
        };
  }

  void onData(ByteBuf chunk) {
    List<Toxic> toxics = connection.active(upstream);
    long now = System.nanoTime();
    if (toxics.isEmpty() && pending == 0 && waiting.isEmpty() && nextRelease <= now) {
      // The plain path: write, and read the next chunk when the target has taken this one.
      target.writeAndFlush(chunk).addListener(readNext);
      return;
    }
    long delay = 0;
    long transfer = 0;
    Toxic slicer = null;
    boolean closeAfter = false;
    for (Toxic toxic : toxics) {
      switch (toxic.type()) {
        case "timeout" -> {
          chunk.release(); // nothing gets through while it is there
          if (toxic.attribute("timeout") > 0 && !timeoutScheduled) {
            timeoutScheduled = true;
            source
                .eventLoop()
                .schedule(connection::closeBoth, toxic.attribute("timeout"), TimeUnit.MILLISECONDS);
          }
          source.read();
          return;
        }
        case "reset_peer" -> {
          if (!resetScheduled) {
            resetScheduled = true;
            source
                .eventLoop()
                .schedule(connection::reset, toxic.attribute("timeout"), TimeUnit.MILLISECONDS);
          }
        }
        case "limit_data" -> {
          long remaining = toxic.attribute("bytes") - passed;
          if (remaining <= 0) {
            chunk.release();
            closeAfterPending();
            return;
          }
          if (chunk.readableBytes() > remaining) {
            ByteBuf head = chunk.readRetainedSlice((int) remaining);
            chunk.release();
            chunk = head;
            closeAfter = true;
          } else if (chunk.readableBytes() == remaining) {
            closeAfter = true;
          }
        }
        case "latency" -> {
          long jitter = toxic.attribute("jitter");
          long jittered =
              toxic.attribute("latency")
                  + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
          delay += TimeUnit.MILLISECONDS.toNanos(Math.max(0, jittered));
        }
        case "bandwidth" -> {
          long rate = toxic.attribute("rate"); // KB/s, as Toxiproxy counts them: 1000 bytes
          if (rate > 0) {
            transfer += chunk.readableBytes() * 1_000_000_000L / (rate * 1000);
          }
        }
        case "slicer" -> slicer = toxic;
        default -> {
          // slow_close acts when the source closes, not on data.
        }
      }
    }
    passed += chunk.readableBytes();
    long start = Math.max(nextRelease, now + delay);
    long release;
    if (slicer != null) {
      release = slice(chunk, start + transfer, slicer);
    } else if (transfer > PACE) {
      release = pace(chunk, start, transfer);
    } else {
      release = start + transfer;
      schedule(chunk, release);
    }
    nextRelease = release;
    if (closeAfter) {
      closeAfterPending();
      return;
    }
    if (pending < MAX_PENDING) {
      source.read();
    } else {
      paused = true;
    }
  }

  /**
   * A chunk that a bandwidth toxic holds back for longer than {@link #PACE} goes out a piece at a
   * time, each when the rate lets it through, as Toxiproxy writes 100 ms worth at a time: a reader
   * sees the bytes trickle in instead of nothing until the last of a read up to 1 MB long is due.
   */
  private long pace(ByteBuf chunk, long start, long transfer) {
    int bytes = chunk.readableBytes();
    long piece = Math.max(1, bytes * PACE / transfer);
    int sent = 0;
    long release = start;
    while (chunk.isReadable()) {
      int size = (int) Math.min(piece, chunk.readableBytes());
      sent += size;
      release = start + (long) ((double) transfer * sent / bytes);
      schedule(chunk.readRetainedSlice(size), release);
    }
    chunk.release();
    return release;
  }

  private long slice(ByteBuf chunk, long start, Toxic slicer) {
    long average = Math.max(1, slicer.attribute("average_size"));
    long variation = Math.min(slicer.attribute("size_variation"), average - 1);
    long gap = TimeUnit.MICROSECONDS.toNanos(slicer.attribute("delay"));
    long release = start;
    while (chunk.isReadable()) {
      long size =
          average
              + (variation == 0
                  ? 0
                  : ThreadLocalRandom.current().nextLong(-variation, variation + 1));
      ByteBuf piece =
          chunk.readRetainedSlice((int) Math.min(Math.max(1, size), chunk.readableBytes()));
      schedule(piece, release);
      release += gap;
    }
    chunk.release();
    return release - gap;
  }

  private void schedule(ByteBuf chunk, long release) {
    int size = chunk.readableBytes();
    pending += size;
    enqueue(
        release,
        () ->
            target
                .writeAndFlush(chunk)
                .addListener(
                    (ChannelFutureListener)
                        written -> {
                          pending -= size;
                          if (!written.isSuccess()) {
                            connection.closeBoth();
                          } else if (paused && pending < MAX_PENDING / 2) {
                            paused = false;
                            source.read();
                          }
                        }));
  }

  /**
   * Runs {@code action} at {@code release}, and never before what was queued earlier: one queue per
   * direction, drained in order by one timer. Separate timers per chunk could swap two chunks due
   * at the same instant (each timer's deadline is read from the clock a little later), and a body
   * before its headers is a broken response, not a slow one.
   */
  private void enqueue(long release, Runnable action) {
    waiting.add(new Waiting(release, action));
    if (waiting.size() == 1) {
      drain();
    }
  }

  private void drain() {
    long now = System.nanoTime();
    while (!waiting.isEmpty() && waiting.peek().release() <= now) {
      waiting.poll().action().run();
    }
    if (!waiting.isEmpty()) {
      source
          .eventLoop()
          .schedule(this::drain, waiting.peek().release() - now, TimeUnit.NANOSECONDS);
    }
  }

  /** Something due at {@code release}: a chunk to write, or the close after the last of them. */
  private record Waiting(long release, Runnable action) {}

  /**
   * The source closed: close the target once what is pending has gone out, later with slow_close.
   */
  void sourceClosed() {
    long delay = 0;
    for (Toxic toxic : connection.active(upstream)) {
      if (toxic.type().equals("slow_close")) {
        delay += TimeUnit.MILLISECONDS.toNanos(toxic.attribute("delay"));
      }
    }
    long at = Math.max(nextRelease, System.nanoTime()) + delay;
    closeAt(at);
  }

  private void closeAfterPending() {
    closeAt(Math.max(nextRelease, System.nanoTime()));
  }

  private void closeAt(long at) {
    if (closed) {
      return;
    }
    closed = true;
    // In the same queue as the writes: after the last of them, whatever its timing.
    enqueue(
        at,
        () ->
            target
                .writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .addListener(ChannelFutureListener.CLOSE));
  }
}
