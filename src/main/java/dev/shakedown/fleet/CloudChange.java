package dev.shakedown.fleet;

import java.util.Map;

/**
 * A change a fleet makes to its cloud around a disruption so that the disruption holds as meant: an
 * Auto Scaling group's health checks suspended while a member is stopped (else the group replaces
 * it), a zone's subnets taken out of a group for a zone outage (else the group launches straight
 * back into it). Applied as a handle of its own, before the disruption, and undone after.
 *
 * @param kind what the provider does for it, as it reads it back: {@code suspended-processes}
 * @param key what two changes share when they are the same one: the first applies it, the last one
 *     out undoes it ({@code donations-eu})
 * @param details what undoing it needs, without secrets: ledger-safe
 */
public record CloudChange(
    String kind, String key, String description, Map<String, String> details) {}
