package dev.shakedown.traffic;

import dev.shakedown.poll.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * "Nothing lost": every accepted write must be readable back. Asks for each, again and again until
 * {@code within} has passed (an eventually consistent deployment needs a moment), and returns those
 * that never answered 2xx.
 */
public final class ReadBack {
  private static final int CONCURRENCY = 64;

  private ReadBack() {}

  public static List<String> missing(List<String> ids, RequestTemplate template, Duration within) {
    return missing(ids, id -> template.readBack(id).orElseThrow(), within);
  }

  /**
   * @param uri where each id is read
   * @param within how long to keep asking for those not found yet; zero asks once
   */
  public static List<String> missing(
      List<String> ids, java.util.function.Function<String, URI> uri, Duration within) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> left = new ArrayList<>(ids);
    try {
      Poll.within(within)
          .named("the " + ids.size() + " accepted request(s) to read back")
          .every(Duration.ofMillis(250))
          .until(
              () -> {
                left.removeIf(readOnce(http, left, uri)::containsKey);
                return left.isEmpty();
              });
    } catch (Poll.WaitInterruptedException e) {
      // Interrupted: what was not found so far is what is missing.
    }
    return left;
  }

  /** The first few of {@code ids}, for a message: {@code d-1, d-2, d-3, d-4, d-5}. */
  public static String firstFew(List<String> ids) {
    return String.join(", ", ids.subList(0, Math.min(5, ids.size())));
  }

  /** Reads each id once, {@value #CONCURRENCY} at a time: the ids found. */
  private static Map<String, Boolean> readOnce(
      HttpClient http, List<String> ids, java.util.function.Function<String, URI> uri) {
    Map<String, Boolean> found = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (String id : ids) {
      URI target = uri.apply(id);
      slots.acquireUninterruptibly();
      pending.add(
          http.sendAsync(
                  HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, error) -> {
                    slots.release();
                    if (error == null
                        && response.statusCode() >= 200
                        && response.statusCode() < 300) {
                      found.put(id, true);
                    }
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    return found;
  }
}
