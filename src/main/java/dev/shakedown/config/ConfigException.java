package dev.shakedown.config;

import dev.shakedown.ShakedownException;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in the config files at once: the one exception type for config errors. */
public final class ConfigException extends ShakedownException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
