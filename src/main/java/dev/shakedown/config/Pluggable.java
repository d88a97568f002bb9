package dev.shakedown.config;

/**
 * Something found on the class path and named in the config by an id (a fleet provider under {@code
 * provider:}, a backup store under {@code store:}), whose own keys sit flat beside the common ones
 * and bind to its settings record.
 */
public interface Pluggable {
  /** What the config says to choose it: {@code aws}, {@code s3}. */
  String id();

  /** The record of its own config keys. */
  Class<? extends Record> settingsType();
}
