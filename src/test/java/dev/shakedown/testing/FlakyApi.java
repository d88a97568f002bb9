package dev.shakedown.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback in front of another API (a Toxiproxy), passing every request on,
 * or answering 500 to the DELETEs while told to: an API that fails at the worst moment, a revert.
 */
public final class FlakyApi implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private volatile boolean failDeletes;

  public FlakyApi(URI target) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          byte[] answer;
          int status;
          if (failDeletes && exchange.getRequestMethod().equals("DELETE")) {
            status = 500;
            answer = "{\"error\":\"internal error\",\"status\":500}".getBytes();
          } else {
            try {
              HttpResponse<byte[]> response =
                  client.send(
                      HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                          .method(
                              exchange.getRequestMethod(),
                              HttpRequest.BodyPublishers.ofByteArray(body))
                          .header(
                              "Content-Type",
                              String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray());
              status = response.statusCode();
              answer = response.body();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              status = 502;
              answer = new byte[0];
            }
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void failDeletes(boolean fail) {
    failDeletes = fail;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
