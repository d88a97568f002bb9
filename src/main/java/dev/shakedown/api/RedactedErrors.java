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
      throw (RuntimeException) redacted(e);
    } catch (Error e) {
      throw (Error) redacted(e);
    }
  }

  void run(Runnable call) {
    call(
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * {@code e} itself when nothing in it (message, causes, suppressed) holds a secret, so that
   * nothing changes for a caller; otherwise a copy of the same class where it can be made (a caller
   * may catch a {@code BlastRadiusException} or a {@code HaltedException}), every message in the
   * chain redacted and every stack trace kept.
   */
  Throwable redacted(Throwable e) {
    return leaks(e) ? copy(e) : e;
  }

  private boolean leaks(Throwable e) {
    if (e == null) {
      return false;
    }
    String message = e.getMessage();
    if (message != null && !redactor.redact(message).equals(message)) {
      return true;
    }
    for (Throwable suppressed : e.getSuppressed()) {
      if (leaks(suppressed)) {
        return true;
      }
    }
    return e.getCause() != e && leaks(e.getCause());
  }

  private Throwable copy(Throwable e) {
    String message = redactor.redact(e.getMessage());
    Throwable copy = sameClass(e, message);
    if (e.getCause() != null && e.getCause() != e) {
      try {
        copy.initCause(copy(e.getCause()));
      } catch (IllegalStateException causeSetAlready) {
        // Its constructor set one; the redacted message still stands.
      }
    }
    for (Throwable suppressed : e.getSuppressed()) {
      copy.addSuppressed(copy(suppressed));
    }
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  private static Throwable sameClass(Throwable e, String message) {
    if (e.getClass() == AssertionError.class) {
      return new AssertionError(message); // its message constructor takes an Object
    }
    try {
      return e.getClass().getConstructor(String.class).newInstance(message);
    } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
      // Named in the message, as a stack trace would name it.
      String named = e.getClass().getName() + ": " + message;
      if (e instanceof Error) {
        return new AssertionError(named);
      }
      // A user's mistake stays one: the CLI and callers tell it by this type.
      return e instanceof ShakedownException
          ? new ShakedownException(message)
          : new IllegalStateException(named);
    }
  }
}
