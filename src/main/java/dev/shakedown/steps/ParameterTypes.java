package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import io.cucumber.java.ParameterType;
import java.time.Duration;

/** {@code {duration}} and {@code {percentage}}, read as config files read them. */
public final class ParameterTypes {
  @ParameterType(
      "\\d+(?:\\.\\d+)?\\s*(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|h)")
  public Duration duration(String text) {
    return Durations.parse(text);
  }

  @ParameterType("\\d+(?:\\.\\d+)?\\s?%")
  public Percentage percentage(String text) {
    return Percentage.parse(text);
  }
}
