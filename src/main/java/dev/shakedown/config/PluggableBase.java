package dev.shakedown.config;

/** A {@link Pluggable} whose id and settings record are given once, in its constructor. */
public abstract class PluggableBase<S extends Record> implements Pluggable {
  private final String id;
  private final Class<S> settingsType;

  protected PluggableBase(String id, Class<S> settingsType) {
    this.id = id;
    this.settingsType = settingsType;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Class<S> settingsType() {
    return settingsType;
  }

  /** The settings the config bound for it, as its own record. */
  protected final S settings(Record bound) {
    return settingsType.cast(bound);
  }
}
