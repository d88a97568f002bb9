package dev.shakedown.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Redactor;
import dev.shakedown.traffic.HaltedException;
import org.junit.jupiter.api.Test;

class RedactedErrorsTest {
  private final Redactor redactor = new Redactor();
  private final RedactedErrors errors = new RedactedErrors(redactor);

  @Test
  void should_let_an_error_with_nothing_secret_through_as_it_is() {
    HaltedException halted = new HaltedException("halted: error rate 7% over 5%");

    Throwable thrown =
        catchThrowable(
            () ->
                errors.call(
                    () -> {
                      throw halted;
                    }));

    assertThat(thrown).isSameAs(halted);
  }

  @Test
  void should_redact_a_secret_in_the_message_or_a_cause_and_keep_the_stack() {
    redactor.register("s3cr3t-t0ken");
    ShakedownException leaking =
        new ShakedownException("cannot reach http://127.0.0.1:1/?x=s3cr3t-t0ken");
    RuntimeException wrapping =
        new IllegalStateException(
            "Toxiproxy answered 500", new RuntimeException("token s3cr3t-t0ken refused"));

    Throwable first = catchThrowable(() -> errors.call(() -> thrower(leaking)));
    Throwable second = catchThrowable(() -> errors.call(() -> thrower(wrapping)));
    Throwable third =
        catchThrowable(() -> errors.call(() -> thrower(new AssertionError("at s3cr3t-t0ken"))));

    assertThat(first)
        .isExactlyInstanceOf(ShakedownException.class)
        .hasMessage("cannot reach http://127.0.0.1:1/?x=***")
        .hasNoCause();
    assertThat(first.getStackTrace()).isEqualTo(leaking.getStackTrace());
    assertThat(second)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("Toxiproxy answered 500")
        .cause()
        .hasMessage("token *** refused");
    assertThat(third).isInstanceOf(AssertionError.class).hasMessage("at ***");
  }

  @Test
  void should_keep_the_type_a_caller_catches_and_redact_what_is_suppressed() {
    redactor.register("s3cr3t-t0ken");
    var refused = new dev.shakedown.fleet.BlastRadiusException("refused at s3cr3t-t0ken");
    var halted = new HaltedException("halted");
    halted.addSuppressed(new IllegalStateException("closing http://u:s3cr3t-t0ken@h/ failed"));
    var config =
        new dev.shakedown.config.ConfigException(
            java.util.List.of(
                new dev.shakedown.config.ConfigProblem(
                    "c.yaml", 1, 1, "deployment", "bad s3cr3t-t0ken", "fix it")));

    Throwable first = catchThrowable(() -> errors.call(() -> thrower(refused)));
    Throwable second = catchThrowable(() -> errors.call(() -> thrower(halted)));
    Throwable third = catchThrowable(() -> errors.call(() -> thrower(config)));

    assertThat(first)
        .isExactlyInstanceOf(dev.shakedown.fleet.BlastRadiusException.class)
        .hasMessage("refused at ***");
    assertThat(second).isExactlyInstanceOf(HaltedException.class);
    assertThat(second.getSuppressed()[0]).hasMessage("closing http://***@h/ failed");
    assertThat(third).isInstanceOf(ShakedownException.class).hasMessageNotContaining("s3cr3t");
  }

  @Test
  void should_survive_a_chain_that_loops_and_keep_a_clean_cause_as_it_is() {
    redactor.register("s3cr3t-t0ken");
    var outer = new IllegalStateException("refused at s3cr3t-t0ken");
    var inner = new RuntimeException("inner");
    outer.initCause(inner);
    inner.addSuppressed(outer); // a loop, as some libraries make
    var clean = new RuntimeException("connection refused");
    var withCleanCause = new IllegalStateException("refused at s3cr3t-t0ken", clean);

    Throwable looped = catchThrowable(() -> errors.call(() -> thrower(outer)));
    Throwable other = catchThrowable(() -> errors.call(() -> thrower(withCleanCause)));

    assertThat(looped)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("refused at ***");
    assertThat(looped.getCause()).hasMessage("inner").isNotSameAs(inner);
    assertThat(looped.getCause().getSuppressed()).containsExactly(looped); // the loop, redacted
    var trace = new java.io.StringWriter();
    looped.printStackTrace(new java.io.PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain("s3cr3t");
    assertThat(other.getCause()).isSameAs(clean); // nothing secret in it: untouched
  }

  @Test
  void should_fall_back_to_a_parent_class_when_a_constructor_rewrites_the_message() {
    redactor.register("s3cr3t-t0ken");
    var formatted = new java.util.UnknownFormatConversionException("s3cr3t-t0ken");

    Throwable thrown = catchThrowable(() -> errors.call(() -> thrower(formatted)));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Conversion = '***'");
  }

  private static Object thrower(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (AssertionError) t;
  }
}
