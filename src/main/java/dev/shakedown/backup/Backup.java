package dev.shakedown.backup;

import java.time.Instant;

/**
 * One backup of a dataset.
 *
 * @param name the file or object name, as the store shows it
 * @param takenAt when it was taken: the time in its name ({@code 20261127T101500Z}) when there is
 *     one, since a copied file's modification time is the copy's; otherwise the store's time
 */
public record Backup(String name, Instant takenAt, long size) {}
