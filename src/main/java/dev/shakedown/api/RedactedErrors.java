package dev.shakedown.api;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Redactor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
   * nothing changes for a caller; otherwise a copy, of the same class where one can be made with
   * the same message (a caller may catch a {@code BlastRadiusException} or a {@code
   * HaltedException}), every message redacted, every stack trace kept, and what holds no secret
   * kept as it was.
   */
  Throwable redacted(Throwable e) {
    return leaks(e, identitySet()) ? copy(e, new IdentityHashMap<>()) : e;
  }

  private boolean leaks(Throwable e, Set<Throwable> seen) {
    if (e == null || !seen.add(e)) { // a cause or suppressed chain may loop back
      return false;
    }
    String message = e.getMessage();
    if (message != null && !redactor.redact(message).equals(message)) {
      return true;
    }
    for (Throwable suppressed : e.getSuppressed()) {
      if (leaks(suppressed, seen)) {
        return true;
      }
    }
    return leaks(e.getCause(), seen);
  }

  private Throwable copy(Throwable e, Map<Throwable, Throwable> copies) {
    Throwable done = copies.get(e);
    if (done != null) {
      return done;
    }
    if (!leaks(e, identitySet())) {
      return e;
    }
    Throwable copy = sameClass(e, redactor.redact(e.getMessage()));
    copies.put(e, copy);
    Throwable cause = e.getCause();
    if (cause != null && cause != e && copy.getCause() == null) {
      try {
        copy.initCause(copy(cause, copies));
      } catch (IllegalStateException | IllegalArgumentException causeRefused) {
        // Its constructor set one, or it would be its own: the redacted message still stands.
      }
    }
    for (Throwable suppressed : e.getSuppressed()) {
      Throwable redacted = copy(suppressed, copies);
      if (redacted != copy) {
        copy.addSuppressed(redacted);
      }
    }
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /**
   * The closest class to {@code e}'s, from its own up, whose message constructor keeps the message
   * as given (some format what they are given).
   */
  private static Throwable sameClass(Throwable e, String message) {
    for (Class<?> type = e.getClass(); type != Throwable.class; type = type.getSuperclass()) {
      if (type == AssertionError.class) {
        return new AssertionError(message); // its message constructor takes an Object
      }
      try {
        Throwable copy = (Throwable) type.getConstructor(String.class).newInstance(message);
        if (Objects.equals(copy.getMessage(), message)) {
          return copy;
        }
      } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
        // Tried its parent next.
      }
    }
    return e instanceof ShakedownException
        ? new ShakedownException(message)
        : new IllegalStateException(message);
  }

  private static Set<Throwable> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
