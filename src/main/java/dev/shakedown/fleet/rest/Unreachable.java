package dev.shakedown.fleet.rest;

import dev.shakedown.fleet.FleetException;

/** The API or UAA could not be reached (a refused or dropped connection): a read may try again. */
public final class Unreachable extends FleetException {
  private static final long serialVersionUID = 1L;

  public Unreachable(String message) {
    super(message);
  }
}
