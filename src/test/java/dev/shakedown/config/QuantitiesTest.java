package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {
  @ParameterizedTest
  @CsvSource({
    "20 seconds, 20000",
    "20s, 20000",
    "1 minute, 60000",
    "1.5s, 1500",
    "500ms, 500",
    "500 ms, 500",
    "2h, 7200000",
    "PT5S, 5000",
    "0s, 0"
  })
  void should_read_durations_as_people_write_them(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({
    "-5s, is negative",
    "soon, is not a duration",
    "5 fortnights, unknown unit 'fortnights'"
  })
  void should_refuse_durations_with_the_reason(String text, String reason) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"99.9%, 99.9", "99 %, 99", "100, 100", "0%, 0"})
  void should_read_percentages(String text, double percent) {
    assertThat(Percentage.parse(text).percent()).isEqualTo(percent);
  }

  @ParameterizedTest
  @CsvSource({"101%", "-1%", "lots"})
  void should_refuse_what_is_no_percentage(String text) {
    assertThatThrownBy(() -> Percentage.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0% to 100%");
  }

  @ParameterizedTest
  @CsvSource({"99.0, 99%", "99.9, 99.9%", "96.154, 96.15%"})
  void should_print_percentages_without_noise(double percent, String shown) {
    assertThat(new Percentage(percent)).hasToString(shown);
  }

  @Test
  void should_write_durations_as_people_read_them() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
    assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24 h");
    assertThat(Durations.format(Duration.ofMinutes(1800).plusSeconds(3))).isEqualTo("30 h");
    assertThat(Durations.format(Duration.ofMinutes(95))).isEqualTo("1 h 35 min");
  }

  @Test
  void every_unit_of_the_one_grammar_parses_in_a_config_and_matches_in_a_sentence() {
    for (String unit : Durations.UNITS.split("\\|")) {
      assertThat(Durations.parse("2 " + unit)).as(unit).isPositive();
      assertThat(("2 " + unit).matches(Durations.WITH_UNIT)).as(unit).isTrue();
      assertThat(("2" + unit).matches(Durations.WITH_UNIT)).as(unit).isTrue();
    }
    assertThat(Durations.parse("1 day")).isEqualTo(Duration.ofDays(1));
    assertThat("2 weeks".matches(Durations.WITH_UNIT)).isFalse();
    assertThatThrownBy(() -> Durations.parse("2 weeks"))
        .hasMessageContaining("unknown unit 'weeks'");
  }
}
