package dev.shakedown.runner;

import java.util.List;

/** A scenario as a dry run resolved it: where it is and the steps it would run. */
public record PlannedScenario(
    String name, String location, List<String> tags, List<String> steps) {}
