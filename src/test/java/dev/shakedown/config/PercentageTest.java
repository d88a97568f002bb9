package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Percentages as sentences and configs write them, and as verdicts print them. */
class PercentageTest {
  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({"99.9%, 99.9", "99.9 %, 99.9", "  50 , 50", "0%, 0", "100%, 100"})
  void should_read_the_forms_a_sentence_uses(String text, double percent) {
    assertThat(Percentage.parse(text).percent()).isEqualTo(percent);
    assertThat(Percentage.parse(text).fraction()).isEqualTo(percent / 100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"101%", "-1%", "NaN", "ninety", "%"})
  void should_refuse_what_is_no_percentage_saying_how_to_write_one(String text) {
    assertThatThrownBy(() -> Percentage.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write a value from 0% to 100%, such as 99.9%");
  }

  @ParameterizedTest(name = "{0} prints {1}")
  @CsvSource({
    "99, 99%",
    "99.9, 99.9%",
    "96.15, 96.15%",
    "99.996, 99.99%",
    "99.999999, 99.99%",
    "0.004, 0%",
    "100, 100%",
    "33.333333333, 33.33%",
    "28.999999999999996, 29%"
  })
  void should_print_at_most_two_decimals_never_rounded_up(double percent, String printed) {
    assertThat(new Percentage(percent)).hasToString(printed);
  }

  @org.junit.jupiter.api.Test
  void should_count_a_share_exactly_as_the_floor_states_it() {
    for (int succeeded = 0; succeeded <= 100; succeeded++) {
      Percentage share = Percentage.ofFraction(succeeded / 100.0);
      assertThat(share.compareTo(new Percentage(succeeded))).as("%d of 100", succeeded).isZero();
      assertThat(share).as("%d of 100", succeeded).hasToString(succeeded + "%");
    }
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource({"99.9, 99.9, 0", "99.89, 99.9, -1", "100, 99.9, 1"})
  void should_compare_on_the_exact_value(double a, double b, int sign) {
    assertThat(Integer.signum(new Percentage(a).compareTo(new Percentage(b)))).isEqualTo(sign);
    assertThat(Percentage.ofFraction(a / 100).percent())
        .isCloseTo(a, org.assertj.core.data.Offset.offset(1e-9));
  }
}
