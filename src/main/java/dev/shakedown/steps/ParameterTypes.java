package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import io.cucumber.java.ParameterType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {duration}} and {@code {percentage}}, read as config files read them; {@code
 * {tlsVersion}}; {@code {labels}}.
 */
public final class ParameterTypes {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  @ParameterType(Durations.WITH_UNIT)
  public Duration duration(String text) {
    return Durations.parse(text);
  }

  @ParameterType("\\d+(?:\\.\\d+)?\\s?%")
  public Percentage percentage(String text) {
    return Percentage.parse(text);
  }

  /**
   * What a sentence calls the load's requests ({@code donations}, {@code requests}): checked
   * against the config's {@code load.name} when the step runs.
   */
  @ParameterType("[A-Za-z][A-Za-z-]*")
  public String noun(String word) {
    return word;
  }

  @ParameterType("1\\.[0-3]")
  public String tlsVersion(String version) {
    return version;
  }

  /** {@code "owner"}, {@code "owner" and "service"}, {@code "a", "b" and "c"}. */
  @ParameterType("\"[^\"]*\"(?:(?:,\\s*|\\s+and\\s+)\"[^\"]*\")*")
  public List<String> labels(String text) {
    List<String> labels = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(text);
    while (quoted.find()) {
      labels.add(quoted.group(1));
    }
    return labels;
  }
}
