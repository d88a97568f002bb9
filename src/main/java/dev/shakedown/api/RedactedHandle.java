package dev.shakedown.api;

import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import java.time.Duration;
import java.util.Optional;

/** A handle the API gives out: the same undo, its failures worded without the config's secrets. */
final class RedactedHandle implements Handle {
  private final Handle handle;
  private final RedactedErrors errors;
  private final dev.shakedown.config.Redactor redactor;

  RedactedHandle(Handle handle, RedactedErrors errors, dev.shakedown.config.Redactor redactor) {
    this.handle = handle;
    this.errors = errors;
    this.redactor = redactor;
  }

  @Override
  public String description() {
    return redactor.redact(handle.description());
  }

  @Override
  public LedgerEntry entry() {
    return handle.entry();
  }

  @Override
  public java.time.Instant since() {
    return handle.since();
  }

  @Override
  public State state() {
    return handle.state();
  }

  @Override
  public Optional<String> failure() {
    return handle.failure().map(redactor::redact);
  }

  @Override
  public String revert(Duration waitForApply) {
    return errors.call(() -> redactor.redact(handle.revert(waitForApply)));
  }

  @Override
  public void end(String why) {
    handle.end(why);
  }

  @Override
  public String toString() {
    return redactor.redact(handle.toString());
  }
}
