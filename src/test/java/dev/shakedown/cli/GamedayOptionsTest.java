package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A game day needs someone at a terminal; a pipeline is told so in one line, before anything. */
class GamedayOptionsTest {
  @Test
  void a_game_day_without_a_terminal_is_refused_in_one_line_before_anything_is_touched() {
    CommandLineRun run =
        CommandLineRun.of("run", "--clouds", "config/clouds/local.yaml", "--gameday");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "shakedown run --gameday: no terminal to ask the operator on; run it in a terminal (or"
                + " tmux), or leave --gameday out for a pipeline");
    assertThat(run.out()).doesNotContain("Run ");
  }

  @Test
  void an_observer_without_a_game_day_is_refused() {
    CommandLineRun run =
        CommandLineRun.of("run", "--clouds", "config/clouds/local.yaml", "--observer", "alice");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--observer names who watches a game day; add --gameday");
  }
}
