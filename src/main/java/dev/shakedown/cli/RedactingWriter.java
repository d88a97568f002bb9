package dev.shakedown.cli;

import dev.shakedown.config.Redactor;
import java.io.IOException;
import java.io.Writer;

/**
 * The console's last line of defence: every line is redacted as it is written, with the secrets of
 * the config once a run has loaded it and, before that, whatever is a credential by its shape (a
 * URL's user info, a token in a query). Text is held back until its line ends or it is flushed, so
 * that a secret is not split between two writes.
 */
final class RedactingWriter extends Writer {
  private final Writer out;
  private final StringBuilder pending = new StringBuilder();
  private volatile Redactor redactor = new Redactor();

  RedactingWriter(Writer out) {
    this.out = out;
  }

  /** From now on, the config's secrets are redacted too. */
  void use(Redactor redactor) {
    this.redactor = redactor;
  }

  @Override
  public synchronized void write(char[] buffer, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      pending.append(buffer[i]);
      if (buffer[i] == '\n') {
        emit();
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void emit() throws IOException {
    if (pending.length() > 0) {
      out.write(redactor.redact(pending.toString()));
      pending.setLength(0);
    }
  }
}
