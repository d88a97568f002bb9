package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SuccessSettingsTest {
  @Test
  void should_count_any_2xx_by_default_and_nothing_else() {
    SuccessSettings rule = SuccessSettings.DEFAULT;
    assertThat(rule.unmet(204, null)).isEmpty();
    assertThat(rule.unmet(302, null)).contains("HTTP 302");
    assertThat(rule.unmet(503, null)).contains("HTTP 503");
    assertThat(rule.readsBody()).isFalse();
  }

  @Test
  void should_refuse_a_200_whose_body_says_it_is_incomplete() {
    SuccessSettings rule = new SuccessSettings("2xx", "json:/complete == true");
    assertThat(rule.unmet(200, "{\"count\":3,\"complete\":true}")).isEmpty();
    assertThat(rule.unmet(200, "{\"count\":3,\"complete\":false}"))
        .contains("HTTP 200, but /complete is false");
    assertThat(rule.unmet(200, "{\"count\":3}"))
        .contains("HTTP 200, but the body has no /complete");
    assertThat(rule.unmet(200, "<html>")).contains("HTTP 200, but the body is not JSON");
    assertThat(rule.unmet(502, "{\"complete\":true}")).contains("HTTP 502");
  }

  @Test
  void should_read_ranges_codes_inequality_and_text() {
    SuccessSettings rule = new SuccessSettings("200-204, 304", "json:/status != \"down\"");
    assertThat(rule.unmet(304, "{\"status\":\"up\"}")).isEmpty();
    assertThat(rule.unmet(205, "{\"status\":\"up\"}")).contains("HTTP 205");
    assertThat(rule.unmet(200, "{\"status\":\"down\"}"))
        .contains("HTTP 200, but /status is \"down\"");
    assertThat(new SuccessSettings(null, "contains:ok").unmet(200, "all ok")).isEmpty();
    assertThat(new SuccessSettings(null, "contains:ok").unmet(200, "failed"))
        .contains("HTTP 200, but the body lacks 'ok'");
    assertThat(rule.describe()).isEqualTo("200-204, 304 and json:/status != \"down\"");
  }

  @Test
  void should_word_each_mistake_for_the_user() {
    assertThatThrownBy(() -> new SuccessSettings("299-200", null))
        .hasMessage("success.status '299-200' runs backwards; write the lower code first");
    assertThatThrownBy(() -> new SuccessSettings(null, "json:/complete == yes"))
        .hasMessageContaining("yes is not a JSON value");
  }
}
