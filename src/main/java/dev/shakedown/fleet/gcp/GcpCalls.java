package dev.shakedown.fleet.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.PermissionDeniedException;
import dev.shakedown.fleet.FleetException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Compute API calls of one cloud: retried with backoff while Compute throttles them, and what it
 * still refuses worded for the person who has to fix the role, the quota or the config.
 */
final class GcpCalls {
  /** Tries of one call: at most 0.25 + 0.5 + 1 + 2 + 4 s of backoff in between (with jitter). */
  static final int ATTEMPTS = 6;

  private final String cloud;
  private final String project;

  GcpCalls(String cloud, String project) {
    this.cloud = cloud;
    this.project = project;
  }

  /**
   * @param permission the IAM permission the call needs, as in {@code compute.instances.delete}
   */
  <T> T call(String permission, Supplier<T> call) {
    long ceiling = 250;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ApiException e) {
        if (!throttled(e)) {
          throw translate(permission, e);
        }
        if (attempt == ATTEMPTS) {
          throw new FleetException(
              "cloud '"
                  + cloud
                  + "': Google Cloud throttled "
                  + permission
                  + " (rateLimitExceeded) through every retry: poll less often (pollInterval), or"
                  + " ask for a higher Compute API quota for project "
                  + project,
              e);
        }
      }
      try {
        Thread.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted while " + permission + " was retried", e);
      }
      ceiling = Math.min(ceiling * 2, 4000);
    }
  }

  /**
   * Compute answers a quota overrun with 403 and reason rateLimitExceeded (or
   * userRateLimitExceeded), sometimes with 429: throttling, to wait out, not a missing permission.
   */
  static boolean throttled(ApiException e) {
    int status = e.getStatusCode().getCode().getHttpStatusCode();
    if (status == 429) {
      return true;
    }
    if (status != 403) {
      return false;
    }
    // The HTTP/JSON transport keeps Compute's error body (error.errors[].reason) only in the cause.
    String said =
        (e.getReason() + " " + e.getMessage() + " " + e.getCause()).toLowerCase(Locale.ROOT);
    return said.contains("ratelimitexceeded") || said.contains("rate limit exceeded");
  }

  FleetException translate(String permission, ApiException e) {
    if (e instanceof PermissionDeniedException
        || e.getStatusCode().getCode().getHttpStatusCode() == 403) {
      return new FleetException(
          "cloud '"
              + cloud
              + "': Google Cloud denied "
              + permission
              + ": grant the permission "
              + permission
              + " (in roles/compute.instanceAdmin.v1) to the account Shakedown runs as, on project "
              + project,
          e);
    }
    return new FleetException(
        "cloud '" + cloud + "': " + permission + " failed: " + e.getMessage(), e);
  }
}
