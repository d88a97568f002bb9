package dev.shakedown.config;

import java.util.Objects;

/**
 * A config value that must never be printed. {@link #toString()} is redacted, so a secret that
 * reaches a log line, a report or a {@code --dry-run} plan by accident shows as {@code ***}; only
 * the code that hands it to a client calls {@link #reveal()}.
 */
public final class Secret {
  public static final String REDACTED = "***";
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
