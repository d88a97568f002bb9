package dev.shakedown.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GamedayScenariosTest {
  @Test
  void should_leave_game_day_scenarios_out_of_a_run_that_names_no_tag() {
    assertThat(GamedayScenarios.filter(Optional.empty(), false)).contains("not @gameday");
    assertThat(GamedayScenarios.leftOut(Optional.empty(), false)).contains("@gameday");
  }

  @Test
  void should_leave_them_out_of_a_tag_expression_that_does_not_name_them() {
    // A feature tagged @commit as a whole would otherwise give a pipeline its game-day scenario.
    assertThat(GamedayScenarios.filter(Optional.of("@commit or @smoke"), false))
        .contains("(@commit or @smoke) and not @gameday");
    assertThat(GamedayScenarios.leftOut(Optional.of("@commit or @smoke"), false))
        .contains("(@commit or @smoke) and @gameday");
    assertThat(GamedayScenarios.filter(Optional.of("@gameday-prep"), false))
        .contains("(@gameday-prep) and not @gameday");
    // Naming it only to rule it out asks for none of them: the @commit ones stay out.
    assertThat(GamedayScenarios.filter(Optional.of("@commit or not @gameday"), false))
        .contains("(@commit or not @gameday) and not @gameday");
    // One tag of its own, "@x @gameday", escaped: not the game day's.
    assertThat(GamedayScenarios.asksForGameday("@commit or @x\\ @gameday")).isFalse();
  }

  @Test
  void should_take_an_expression_that_names_them_as_it_is() {
    for (String named :
        new String[] {
          "@gameday",
          "(@failover or @gameday)",
          "@failover and @gameday",
          "not @commit and @gameday"
        }) {
      assertThat(GamedayScenarios.filter(Optional.of(named), false)).contains(named);
      assertThat(GamedayScenarios.leftOut(Optional.of(named), false)).isEmpty();
    }
  }

  @Test
  void should_leave_nothing_out_of_a_game_day() {
    assertThat(GamedayScenarios.filter(Optional.empty(), true)).isEmpty();
    assertThat(GamedayScenarios.filter(Optional.of("@failover"), true)).contains("@failover");
    assertThat(GamedayScenarios.leftOut(Optional.of("@failover"), true)).isEmpty();
  }

  @Test
  void should_say_how_to_run_what_it_left_out() {
    assertThat(GamedayScenarios.hint(1))
        .isEqualTo(
            "left out 1 scenario tagged @gameday: they run on a game day (--gameday), or when"
                + " --tags names @gameday");
    assertThat(GamedayScenarios.hint(3)).startsWith("left out 3 scenarios tagged @gameday");
  }
}
