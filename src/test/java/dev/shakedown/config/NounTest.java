package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.ShakedownException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a config calls the load's requests, and the words a sentence may use for them. */
class NounTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "donation, donations",
    "query, queries",
    "day, days",
    "search, searches",
    "box, boxes",
    "batch, batches",
    "wish, wishes",
    "bus, buses",
    "Order, orders"
  })
  void should_derive_the_plural(String singular, String plural) {
    assertThat(Noun.of(singular, null).plural()).isEqualTo(plural);
  }

  @Test
  void should_take_a_given_plural_and_default_to_requests() {
    assertThat(Noun.of("person", "People")).isEqualTo(new Noun("person", "people"));
    assertThat(Noun.of(null, null)).isEqualTo(Noun.REQUEST);
  }

  @Test
  void should_accept_either_form_of_the_noun_and_of_request() {
    Noun donation = Noun.of("donation", null);
    for (String word : new String[] {"donation", "Donations", "request", "requests"}) {
      assertThatCode(() -> donation.require(word)).doesNotThrowAnyException();
    }
  }

  @Test
  void should_refuse_another_noun_saying_what_the_config_calls_them() {
    assertThatThrownBy(() -> Noun.of("donation", null).require("orders"))
        .isInstanceOf(ShakedownException.class)
        .hasMessage(
            "the sentence calls the load's requests 'orders', but the config calls them"
                + " 'donations' (load.name: donation); write 'donations' or 'requests', or set"
                + " load.name in the config");
    assertThatThrownBy(() -> Noun.REQUEST.require("orders"))
        .hasMessage(
            "the sentence calls the load's requests 'orders', but the config calls them"
                + " 'requests'; write 'requests', or set load.name in the config");
  }

  @Test
  void should_write_an_example_with_the_noun() {
    assertThat(
            Noun.of("donation", null)
                .inExample("When 300 requests per second are sent; every accepted request"))
        .isEqualTo("When 300 donations per second are sent; every accepted donation");
  }

  @Test
  void should_refuse_a_name_of_more_than_one_word() {
    assertThatThrownBy(
            () ->
                new LoadSettings(
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
                    null,
                    "two words",
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("must be one word");
    assertThatThrownBy(
            () ->
                new LoadSettings(
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    "people", null, null, null, null))
        .hasMessageContaining("plural needs name");
  }
}
