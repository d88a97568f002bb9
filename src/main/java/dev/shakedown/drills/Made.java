package dev.shakedown.drills;

import dev.shakedown.evidence.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * Requests made ahead of a drill: the ids accepted, when each was, and whether as many were
 * accepted as asked.
 */
public record Made(List<String> ids, List<Instant> acceptedAt, Verdict verdict) {}
