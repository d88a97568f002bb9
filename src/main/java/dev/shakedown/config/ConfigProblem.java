package dev.shakedown.config;

/**
 * One thing wrong with a config file, located as precisely as the YAML allows.
 *
 * @param file the file as the user named it
 * @param line 1-based; a problem of the whole file (missing, empty) is placed at 1:1 so that every
 *     line has the one shape editors and CI annotators parse
 * @param column 1-based, 0 when unknown
 * @param key dotted path of the offending key ({@code clouds.cloud-a.endpoint}), or a label such as
 *     {@code syntax} when no key applies
 * @param what what is wrong, quoting the offending value
 * @param fix how to fix it
 */
public record ConfigProblem(
    String file, int line, int column, String key, String what, String fix) {

  /**
   * {@code file:line:column: key: what; fix} — one line, the shape compilers use, so editors link
   * it.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
      if (column > 0) {
        out.append(':').append(column);
      }
    }
    out.append(": ").append(key).append(": ").append(what);
    if (fix != null && !fix.isBlank()) {
      out.append("; ").append(fix);
    }
    // A URL with credentials in it is redacted even where no secret is known yet.
    return Redactor.shapes(out.toString().replace('\n', ' '));
  }

  /** The same problem with every secret the config declared blanked out. */
  ConfigProblem redacted(Redactor redactor) {
    return new ConfigProblem(
        file, line, column, key, redactor.redact(what), fix == null ? null : redactor.redact(fix));
  }
}
