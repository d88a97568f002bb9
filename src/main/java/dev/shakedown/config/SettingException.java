package dev.shakedown.config;

/**
 * A config record's check on one of its own keys, so that the problem is placed at that key's line
 * and named by its path, not at the line of the record around it.
 */
public final class SettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String fix;

  /**
   * @param key the record component at fault, as written in the config ({@code region})
   * @param what what is wrong, quoting the value
   * @param fix how to fix it
   */
  public SettingException(String key, String what, String fix) {
    super(what);
    this.key = key;
    this.fix = fix;
  }

  public String key() {
    return key;
  }

  public String fix() {
    return fix;
  }
}
