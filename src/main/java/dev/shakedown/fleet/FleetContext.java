package dev.shakedown.fleet;

import dev.shakedown.config.Redactor;
import java.nio.file.Path;

/**
 * What a run lends its fleets.
 *
 * @param logDirectory where instances started by the harness write their output
 */
public record FleetContext(Path logDirectory, Redactor redactor) {}
