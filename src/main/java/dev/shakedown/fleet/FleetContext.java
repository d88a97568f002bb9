package dev.shakedown.fleet;

import dev.shakedown.config.Redactor;
import java.nio.file.Path;

/**
 * What a run lends its fleets.
 *
 * @param logDirectory where instances started by the harness write their output
 * @param dryRun list what there is (or would be) but change nothing: no start, no kill
 */
public record FleetContext(Path logDirectory, Redactor redactor, boolean dryRun) {}
