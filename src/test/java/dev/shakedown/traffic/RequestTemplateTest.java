package dev.shakedown.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.config.LoadSettings;
import dev.shakedown.config.Secret;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {
  private final LoadSettings settings =
      new LoadSettings(
          "POST",
          "/donations",
          Map.of("Idempotency-Key", new Secret("{uuid}")),
          "{\"amount\": {random:5-5}, \"seq\": {seq}, \"ref\": \"{uuid}\"}",
          "json:/id",
          "/donations/{id}",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
  private final RequestTemplate template =
      new RequestTemplate(URI.create("http://127.0.0.1:1"), settings);

  @Test
  void should_fill_the_placeholders_of_the_body_and_the_headers_per_request() {
    LoadRequest first = template.request(7);
    LoadRequest second = template.request(8);

    assertThat(first.body()).matches("\\{\"amount\": 5, \"seq\": 7, \"ref\": \"[0-9a-f-]{36}\"}");
    assertThat(first.headers().get("Idempotency-Key")).matches("[0-9a-f-]{36}");
    assertThat(second.headers().get("Idempotency-Key"))
        .isNotEqualTo(first.headers().get("Idempotency-Key"));
    assertThat(first.uri()).hasToString("http://127.0.0.1:1/donations");
  }

  @Test
  void should_take_the_accepted_id_and_build_the_read_back() {
    var response =
        new LoadGenerator.Response(201, Map.of("Location", "/donations/abc"), "{\"id\":\"abc\"}");

    assertThat(template.acceptedId(response)).contains("abc");
    assertThat(template.readBack("abc")).contains(URI.create("http://127.0.0.1:1/donations/abc"));
  }
}
