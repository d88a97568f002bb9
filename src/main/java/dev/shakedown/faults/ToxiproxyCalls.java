package dev.shakedown.faults;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every call to a Toxiproxy API with a deadline. The official client has no timeouts of its own; a
 * Toxiproxy that accepts the connection and never answers must fail the step, not hang the run.
 */
final class ToxiproxyCalls {
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "shakedown-toxiproxy-call");
            thread.setDaemon(true);
            return thread;
          });

  private ToxiproxyCalls() {}

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T call(URI server, Duration timeout, String what, Call<T> call) {
    Future<T> future = CALLS.submit((Callable<T>) call::call);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
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
}
