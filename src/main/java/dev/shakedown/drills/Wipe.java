package dev.shakedown.drills;

import dev.shakedown.backup.Backup;
import dev.shakedown.config.BackupSettings;
import java.time.Instant;

/** A primary store wiped at {@code at} and restored from {@code backup}. */
public record Wipe(
    String cloud, BackupSettings.PrimarySettings primary, Backup backup, Instant at) {}
