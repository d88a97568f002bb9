package dev.shakedown.traffic;

import dev.shakedown.config.Percentage;
import java.time.Duration;

/**
 * When a run must stop on its own: the success rate stays under {@code below} for {@code after},
 * like the stop condition of a fault-injection service.
 */
public record HaltCondition(Percentage below, Duration after) {}
