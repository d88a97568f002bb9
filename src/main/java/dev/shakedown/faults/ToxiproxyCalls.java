package dev.shakedown.faults;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every call to a Toxiproxy API with a deadline. The official client has no timeouts of its own; a
 * Toxiproxy that accepts the connection and never answers must fail the step, not hang the run.
 *
 * <p>A call that missed its deadline is not over: its request may still reach the server. So the
 * next call to the same server first waits for it (as long as its own deadline allows), and fails
 * if it is still under way: a revert must never report a toxic gone while a late "add" can still
 * land after it.
 */
final class ToxiproxyCalls {
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "shakedown-toxiproxy-call");
            thread.setDaemon(true);
            return thread;
          });
  private static final Map<URI, List<CompletableFuture<?>>> LATE = new ConcurrentHashMap<>();

  private ToxiproxyCalls() {}

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T call(URI server, Duration timeout, String what, Call<T> call) {
    Instant deadline = Instant.now().plus(timeout);
    awaitLateCalls(server, deadline, what);
    CompletableFuture<T> future =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call.call();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            CALLS);
    try {
      return future.get(
          Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      List<CompletableFuture<?>> late =
          LATE.computeIfAbsent(server, s -> new CopyOnWriteArrayList<>());
      late.add(future);
      future.whenComplete((result, error) -> late.remove(future));
      throw new FaultException(
          "the Toxiproxy API at "
              + server
              + " did not answer within "
              + timeout.toMillis()
              + " ms while "
              + what
              + "; is it overloaded or hung? check it, or raise toxiproxy.timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new FaultException(
          "the Toxiproxy API at "
              + server
              + " refused "
              + what
              + ": "
              + cause.getMessage()
              + (cause instanceof java.net.ConnectException ? "; is Toxiproxy running there?" : ""),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while " + what, e);
    }
  }

  private static void awaitLateCalls(URI server, Instant deadline, String what) {
    for (CompletableFuture<?> late : LATE.getOrDefault(server, List.of())) {
      try {
        late.get(
            Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
            TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new FaultException(
            "an earlier call to the Toxiproxy API at "
                + server
                + " is still unanswered, and could still take effect; not "
                + what
                + " until it has answered");
      } catch (ExecutionException failed) {
        // Over, one way or the other: that is all this waits for.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FaultException("interrupted while " + what, e);
      }
    }
  }
}
