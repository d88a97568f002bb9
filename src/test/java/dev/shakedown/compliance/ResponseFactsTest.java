package dev.shakedown.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseFactsTest {
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "server|nginx/1.25.3|true",
        "server|Apache 2|true",
        "server|Jetty(12)|true",
        "server|Microsoft-IIS/10.0|true",
        "server|DemoRouter/1.4.2|true",
        "x-powered-by|PHP v8.1|true",
        "x-aspnet-version|4.0.30319|true",
        "server|nginx|false",
        "server|AmazonS3|false",
        "server|cloudflare|false",
        "via|1.1 proxy.example.org|false",
        "via|HTTP/1.1 gateway|false",
        "via|1.1 varnish (Varnish/6.0)|true",
        "via|1.0 fred, 1.1 p.example.net|false",
      })
  void should_flag_a_software_version_and_not_a_protocol_version(
      String header, String value, boolean reveals) {
    assertThat(ResponseFacts.revealsVersion(header, value)).isEqualTo(reveals);
  }
}
