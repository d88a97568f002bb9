package dev.shakedown.api;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Redactor;
import java.util.function.Supplier;

/**
 * The API's boundary for errors: a message that carries what the config marks secret (a probe URL's
 * user info, a token in a link) reaches the caller's test report redacted. The runner redacts what
 * it prints and publishes; a test calling the API prints what it is thrown, so it is redacted here.
 */
final class RedactedErrors {
  private final Redactor redactor;

  RedactedErrors(Redactor redactor) {
    this.redactor = redactor;
  }

  <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw redacted(e);
    } catch (AssertionError e) {
      throw redacted(e);
    }
  }

  /**
   * {@code e} itself when its message holds nothing secret, so callers can still catch its type;
   * otherwise a copy with the message redacted and no cause, whose message would hold it too.
   */
  RuntimeException redacted(RuntimeException e) {
    String message = e.getMessage();
    if (message == null || redactor.redact(message).equals(message) && !causeLeaks(e)) {
      return e;
    }
    RuntimeException copy =
        e instanceof ShakedownException
            ? new ShakedownException(redactor.redact(message))
            : new IllegalStateException(redactor.redact(message));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  AssertionError redacted(AssertionError e) {
    String message = e.getMessage();
    if (message == null || redactor.redact(message).equals(message) && !causeLeaks(e)) {
      return e;
    }
    AssertionError copy = new AssertionError(redactor.redact(message));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  private boolean causeLeaks(Throwable e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !redactor.redact(message).equals(message)) {
        return true;
      }
    }
    return false;
  }
}
