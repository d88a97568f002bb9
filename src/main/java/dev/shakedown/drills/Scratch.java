package dev.shakedown.drills;

import dev.shakedown.backup.Backup;
import dev.shakedown.config.BackupSettings;
import java.time.Duration;

/**
 * A scratch copy restored from a backup, running on {@code port} beside the run's services.
 *
 * @param took from the fetch of the backup to the copy answering
 */
public record Scratch(
    String name, int port, BackupSettings.RestoreSettings restore, Backup backup, Duration took) {}
