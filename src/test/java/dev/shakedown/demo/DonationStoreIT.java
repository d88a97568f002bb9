package dev.shakedown.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two demo stores, each a real process, replicating to each other. */
class DonationStoreIT {
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void should_replicate_a_donation_to_the_other_clouds_store_and_take_it_once() throws Exception {
    int a = freePort();
    int b = freePort();
    store(a, b);
    store(b, a);

    assertThat(send("PUT", a, "/donations/d-1", "{\"amount\": 7}")).isEqualTo(201);
    assertThat(send("PUT", b, "/donations/d-2", "{\"amount\": 5}")).isEqualTo(201);
    // Taken again in the other cloud (a retried request): still one donation.
    assertThat(send("PUT", b, "/donations/d-1", "{\"amount\": 7}")).isIn(200, 201);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(body(b, "/donations/d-1")).contains("\"amount\":7");
              assertThat(body(a, "/donations/d-2")).contains("\"amount\":5");
            });
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(body(a, "/donations")).isEqualTo("{\"count\":2,\"amount\":12}");
              assertThat(body(b, "/donations")).isEqualTo("{\"count\":2,\"amount\":12}");
            });
  }

  private void store(int port, int peer) throws IOException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DonationStore.class.getName(),
                "--port",
                String.valueOf(port),
                "--peer",
                "http://127.0.0.1:" + peer)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    processes.add(process);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> send("GET", port, "/health", null) == 200);
  }

  private int send(String method, int port, String path, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String body(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
