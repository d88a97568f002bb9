package dev.shakedown.cli;

/**
 * What an operator's abort (a terminal's {@code a}, the live page's button) came to, in words for
 * them.
 *
 * @param accepted whether the run is now aborting because of it
 */
record Abort(boolean accepted, String said) {}
