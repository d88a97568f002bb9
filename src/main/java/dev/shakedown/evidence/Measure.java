package dev.shakedown.evidence;

/** A number a verdict was read from, for the evidence: {@code success rate ..., 99.2, %}. */
public record Measure(String name, double value, String unit) {}
