package dev.shakedown.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.config.Redactor;
import io.cucumber.messages.types.Attachment;
import io.cucumber.messages.types.AttachmentContentEncoding;
import io.cucumber.messages.types.Ci;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Git;
import io.cucumber.messages.types.Meta;
import io.cucumber.messages.types.TestRunHookFinished;
import io.cucumber.messages.types.TestStepResult;
import io.cucumber.plugin.event.EmbedEvent;
import io.cucumber.plugin.event.EventHandler;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestStepFinished;
import io.cucumber.plugin.event.WriteEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cucumber's event bus as a report plugin sees it, every message redacted on the way: a step's
 * error (message, causes), an attachment, the CI links of the run's meta. The plugins then encode
 * what they receive (XML, JSON, HTML) without ever holding a secret, so no encoded text needs to be
 * searched afterwards.
 */
final class RedactingPublisher implements EventPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEEPEST_CAUSE = 16;

  private final EventPublisher publisher;
  private final Redactor redactor;
  private final Map<EventHandler<?>, EventHandler<?>> wrapped = new ConcurrentHashMap<>();

  RedactingPublisher(EventPublisher publisher, Redactor redactor) {
    this.publisher = publisher;
    this.redactor = redactor;
  }

  @Override
  public <T> void registerHandlerFor(Class<T> type, EventHandler<T> handler) {
    EventHandler<T> redacting = event -> handler.receive(type.cast(redact(event)));
    wrapped.put(handler, redacting);
    publisher.registerHandlerFor(type, redacting);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> void removeHandlerFor(Class<T> type, EventHandler<T> handler) {
    EventHandler<?> redacting = wrapped.remove(handler);
    if (redacting != null) {
      publisher.removeHandlerFor(type, (EventHandler<T>) redacting);
    }
  }

  /** The event with its free text redacted; the same event when it carries none. */
  Object redact(Object event) {
    if (event instanceof Envelope envelope) {
      return envelope(envelope);
    }
    if (event instanceof TestStepFinished e) {
      return new TestStepFinished(
          e.getInstant(), e.getTestCase(), e.getTestStep(), result(e.getResult()));
    }
    if (event instanceof TestCaseFinished e) {
      return new TestCaseFinished(e.getInstant(), e.getTestCase(), result(e.getResult()));
    }
    if (event instanceof TestRunFinished e) {
      return e.getResult() == null ? e : new TestRunFinished(e.getInstant(), result(e.getResult()));
    }
    if (event instanceof WriteEvent e) {
      return new WriteEvent(e.getInstant(), e.getTestCase(), redactor.redact(e.getText()));
    }
    if (event instanceof EmbedEvent e) {
      return new EmbedEvent(
          e.getInstant(),
          e.getTestCase(),
          data(e.getData(), e.getMediaType()),
          e.getMediaType(),
          e.getName());
    }
    return event;
  }

  private Result result(Result result) {
    Throwable error = result.getError();
    Throwable redacted = throwable(error, 0);
    return redacted == error
        ? result
        : new Result(result.getStatus(), result.getDuration(), redacted);
  }

  /**
   * A copy of the error whose message and causes are redacted, with the same stack and the same
   * kind (an assertion stays an assertion: a report tells a failure from a broken run by it).
   */
  Throwable throwable(Throwable error, int depth) {
    if (error == null || depth > DEEPEST_CAUSE) {
      return error;
    }
    String message = error.getMessage();
    String redactedMessage = redactor.redact(message);
    Throwable cause = error.getCause() == error ? null : error.getCause();
    Throwable redactedCause = throwable(cause, depth + 1);
    // A failed revert rides along as a suppressed exception: redacted, and kept.
    Throwable[] suppressed = error.getSuppressed();
    Throwable[] redactedSuppressed = new Throwable[suppressed.length];
    boolean suppressedChanged = false;
    for (int i = 0; i < suppressed.length; i++) {
      redactedSuppressed[i] = throwable(suppressed[i], depth + 1);
      suppressedChanged |= redactedSuppressed[i] != suppressed[i];
    }
    if (Objects.equals(message, redactedMessage) && redactedCause == cause && !suppressedChanged) {
      return error;
    }
    Throwable copy =
        error instanceof AssertionError
            ? new RedactedAssertionError(error.getClass().getName(), redactedMessage)
            : new RedactedException(error.getClass().getName(), redactedMessage);
    copy.setStackTrace(error.getStackTrace());
    if (redactedCause != null) {
      copy.initCause(redactedCause);
    }
    for (Throwable each : redactedSuppressed) {
      copy.addSuppressed(each);
    }
    return copy;
  }

  private byte[] data(byte[] data, String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("application/json") || type.contains("+json")) {
      try {
        return JSON.writeValueAsBytes(redactor.redact(JSON.readTree(data)));
      } catch (IOException notJson) {
        // redacted as text below
      }
    }
    if (textual(type)) {
      return redactor
          .redact(new String(data, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
    }
    return data;
  }

  /** Media a secret can be read in: text, JSON, XML (SVG included). */
  private static boolean textual(String type) {
    return type.startsWith("text/")
        || type.startsWith("application/json")
        || type.contains("+json")
        || type.startsWith("application/xml")
        || type.contains("+xml");
  }

  private Envelope envelope(Envelope envelope) {
    if (envelope.getTestStepFinished().isPresent()) {
      var finished = envelope.getTestStepFinished().get();
      return Envelope.of(
          new io.cucumber.messages.types.TestStepFinished(
              finished.getTestCaseStartedId(),
              finished.getTestStepId(),
              stepResult(finished.getTestStepResult()),
              finished.getTimestamp()));
    }
    if (envelope.getTestRunHookFinished().isPresent()) {
      TestRunHookFinished finished = envelope.getTestRunHookFinished().get();
      return Envelope.of(
          new TestRunHookFinished(
              finished.getTestRunHookStartedId(),
              stepResult(finished.getResult()),
              finished.getTimestamp()));
    }
    if (envelope.getTestRunFinished().isPresent()) {
      var finished = envelope.getTestRunFinished().get();
      return Envelope.of(
          new io.cucumber.messages.types.TestRunFinished(
              finished.getMessage().map(redactor::redact).orElse(null),
              finished.getSuccess(),
              finished.getTimestamp(),
              finished.getException().map(this::exception).orElse(null),
              finished.getTestRunStartedId().orElse(null)));
    }
    if (envelope.getAttachment().isPresent()) {
      Attachment a = envelope.getAttachment().get();
      String body = attachmentBody(a);
      return Envelope.of(
          new Attachment(
              body,
              a.getContentEncoding(),
              a.getFileName().orElse(null),
              a.getMediaType(),
              a.getSource().orElse(null),
              a.getTestCaseStartedId().orElse(null),
              a.getTestStepId().orElse(null),
              a.getUrl().map(redactor::redact).orElse(null),
              a.getTestRunStartedId().orElse(null),
              a.getTestRunHookStartedId().orElse(null),
              a.getTimestamp().orElse(null)));
    }
    if (envelope.getMeta().isPresent() && envelope.getMeta().get().getCi().isPresent()) {
      Meta meta = envelope.getMeta().get();
      Ci ci = meta.getCi().get();
      Git git =
          ci.getGit()
              .map(
                  g ->
                      new Git(
                          redactor.redact(g.getRemote()),
                          g.getRevision(),
                          g.getBranch().orElse(null),
                          g.getTag().orElse(null)))
              .orElse(null);
      return Envelope.of(
          new Meta(
              meta.getProtocolVersion(),
              meta.getImplementation(),
              meta.getRuntime(),
              meta.getOs(),
              meta.getCpu(),
              new Ci(
                  ci.getName(),
                  ci.getUrl().map(redactor::redact).orElse(null),
                  ci.getBuildNumber().orElse(null),
                  git)));
    }
    return envelope;
  }

  private String attachmentBody(Attachment a) {
    String type =
        a.getMediaType() == null ? "" : a.getMediaType().toLowerCase(java.util.Locale.ROOT);
    if (a.getContentEncoding() == AttachmentContentEncoding.IDENTITY) {
      return new String(
          data(a.getBody().getBytes(StandardCharsets.UTF_8), a.getMediaType()),
          StandardCharsets.UTF_8);
    }
    if (!textual(type)) {
      return a.getBody(); // an image of pixels holds no text to redact
    }
    try {
      byte[] decoded = java.util.Base64.getDecoder().decode(a.getBody());
      return java.util.Base64.getEncoder().encodeToString(data(decoded, a.getMediaType()));
    } catch (IllegalArgumentException notBase64) {
      return redactor.redact(a.getBody());
    }
  }

  private TestStepResult stepResult(TestStepResult result) {
    return new TestStepResult(
        result.getDuration(),
        result.getMessage().map(redactor::redact).orElse(null),
        result.getStatus(),
        result.getException().map(this::exception).orElse(null));
  }

  private io.cucumber.messages.types.Exception exception(io.cucumber.messages.types.Exception e) {
    return new io.cucumber.messages.types.Exception(
        e.getType(),
        e.getMessage().map(redactor::redact).orElse(null),
        e.getStackTrace().map(redactor::redact).orElse(null));
  }

  /** An assertion's stand-in: printed under the original type's name. */
  static final class RedactedAssertionError extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final String type;

    RedactedAssertionError(String type, String message) {
      super(message);
      this.type = type;
    }

    @Override
    public String toString() {
      return getMessage() == null ? type : type + ": " + getMessage();
    }
  }

  /** Any other error's stand-in: printed under the original type's name. */
  static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;

    RedactedException(String type, String message) {
      super(message);
      this.type = type;
    }

    @Override
    public String toString() {
      return getMessage() == null ? type : type + ": " + getMessage();
    }
  }
}
