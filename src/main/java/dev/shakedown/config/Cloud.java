package dev.shakedown.config;

/**
 * A cloud as loaded: its unique name, its settings, and where it was defined (for messages that
 * point the user at the right line).
 */
public record Cloud(String name, CloudSettings settings, String file, int line) {

  public String provider() {
    return settings.provider();
  }

  /** The provider's own settings, of the type its provider declared. */
  public <T extends Record> T providerSettings(Class<T> type) {
    return type.cast(settings.settings());
  }

  public String location() {
    return file + ":" + line;
  }
}
