package dev.shakedown.cli;

import java.io.PrintWriter;

/** Standard output and error of the commands, passed in so tests can read them. */
record Console(PrintWriter out, PrintWriter err) {}
