package dev.shakedown.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.testing.TcpServers;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Undo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every toxic type Toxiproxy knows, on either stream and for a share of connections, applied
 * through NetworkFaults and the official client, then read back from the proxy's API as Toxiproxy
 * stores it, and removed.
 */
class ToxicSpecIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TcpServers echo;
  private Links links;
  private NetworkFaults faults;

  @BeforeEach
  void setUp() throws Exception {
    echo = TcpServers.echo();
    Path config =
        Files.writeString(
            dir.resolve("clouds.yaml"),
            """
            clouds:
              cloud-a:
                provider: local
                endpoint: http://127.0.0.1:9
                proxies:
                  link: { listen: "127.0.0.1:%d", upstream: "%s" }
            """
                .formatted(freePort(), echo.address()));
    links =
        Links.open(ConfigLoader.withSystemEnvironment(FleetProviders.load()).load(List.of(config)));
    faults = new NetworkFaults(links, Undo.discarding());
  }

  @AfterEach
  void tearDown() {
    links.close();
    echo.close();
  }

  static Stream<ToxicSpec> specs() {
    return Stream.of(
        ToxicSpec.of("latency").upstream().attribute("latency", 200).attribute("jitter", 20),
        ToxicSpec.of("latency").attribute("latency", 500).toxicity(0.3),
        ToxicSpec.of("bandwidth").upstream().attribute("rate", 64),
        ToxicSpec.of("slow_close").attribute("delay", 500),
        ToxicSpec.of("timeout").attribute("timeout", 2000),
        ToxicSpec.of("reset_peer").upstream().attribute("timeout", 100).toxicity(0.5),
        ToxicSpec.of("slicer")
            .attribute("average_size", 64)
            .attribute("size_variation", 8)
            .attribute("delay", 5000),
        ToxicSpec.of("limit_data").upstream().attribute("bytes", 1024));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void should_apply_the_toxic_as_written_and_remove_it(ToxicSpec spec) throws Exception {
    Handle handle = faults.add("cloud-a/link", spec);

    JsonNode toxics = toxics();
    assertThat(toxics).hasSize(1);
    JsonNode toxic = toxics.get(0);
    assertThat(toxic.get("type").asText()).isEqualTo(spec.type());
    assertThat(toxic.get("stream").asText()).isEqualTo(spec.stream().name().toLowerCase());
    assertThat(toxic.get("toxicity").asDouble())
        .isCloseTo(spec.toxicity(), org.assertj.core.data.Offset.offset(1e-6));
    for (String attribute : ToxicSpec.TYPES.get(spec.type())) {
      assertThat(toxic.get("attributes").path(attribute).asLong())
          .as(attribute)
          .isEqualTo(spec.attribute(attribute));
    }

    assertThat(handle.revert()).contains("removed, and gone from the proxy");
    assertThat(toxics()).isEmpty();
  }

  @Test
  void should_refuse_what_toxiproxy_would_not_know() {
    assertThatThrownBy(() -> ToxicSpec.of("packet_loss"))
        .hasMessage(
            "no toxic type 'packet_loss'; Toxiproxy's are bandwidth, latency, limit_data,"
                + " reset_peer, slicer, slow_close, timeout");
    assertThatThrownBy(() -> ToxicSpec.of("latency").attribute("rate", 1))
        .hasMessage("a latency toxic has no attribute 'rate'; it has latency, jitter");
    assertThatThrownBy(() -> ToxicSpec.of("latency").toxicity(0))
        .hasMessageStartingWith("toxicity 0.0 is not a share of connections");
    assertThat(
            ToxicSpec.of("latency").upstream().attribute("latency", 200).toxicity(0.3).describe())
        .isEqualTo("latency upstream (latency=200, jitter=0), for 30% of connections");
  }

  private JsonNode toxics() throws Exception {
    Link link = links.link("cloud-a/link");
    URI uri = link.server().resolve("/proxies/" + link.proxy() + "/toxics");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
