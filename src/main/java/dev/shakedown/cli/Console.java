package dev.shakedown.cli;

import dev.shakedown.config.Redactor;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Standard output and error of the commands, passed in so tests can read them.
 *
 * @param secrets tells both streams which secrets to redact, once a config is loaded
 */
record Console(PrintWriter out, PrintWriter err, Consumer<Redactor> secrets) {}
