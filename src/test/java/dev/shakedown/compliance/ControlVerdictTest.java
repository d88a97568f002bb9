package dev.shakedown.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Measure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A control's verdict, written into the evidence before it is required. */
class ControlVerdictTest {
  @Test
  void should_write_figures_and_notes_before_it_fails() {
    Evidence evidence = new Evidence();
    ControlVerdict verdict =
        ControlVerdict.failed(List.of(new Measure("days kept", 3, "days")), "too few")
            .noting(List.of("latest backup: b-1"));

    assertThatThrownBy(() -> verdict.recordInto(evidence))
        .isInstanceOf(ControlFailure.class)
        .hasMessage("too few");
    assertThat(evidence.measurements())
        .singleElement()
        .satisfies(m -> assertThat(m.name()).isEqualTo("days kept"));
    assertThat(evidence.snapshot("failed").events())
        .extracting(Evidence.Event::what)
        .containsExactly("latest backup: b-1");
    assertThat(verdict.held()).isFalse();
  }

  @Test
  void should_pass_quietly_when_it_holds() {
    Evidence evidence = new Evidence();
    ControlVerdict verdict = ControlVerdict.held(List.of(new Measure("share", 50, "%")));

    verdict.recordInto(evidence);

    assertThat(verdict.held()).isTrue();
    assertThat(evidence.measurements()).hasSize(1);
  }
}
