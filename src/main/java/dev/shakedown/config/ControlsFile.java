package dev.shakedown.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

@Doc(
    "The control catalogue: what each @control:<ID> tag of the features stands for, and the waivers granted.")
public record ControlsFile(
    @Doc(
            value =
                "Every control a feature may be tagged with, by id (the tag without @control:).",
            example = "{ PCI-DSS-4.2.1: { title: ..., framework: PCI DSS 4.0, severity: high } }")
        Map<String, Control> controls,
    @Doc("Controls whose failure is accepted for a while, with who accepted it and why.")
        List<Waiver> waivers) {

  public ControlsFile {
    controls = controls == null ? Map.of() : Map.copyOf(controls);
    waivers = waivers == null ? List.of() : List.copyOf(waivers);
  }

  @Doc("One control.")
  public record Control(
      @Doc(value = "What the control requires, in the framework's words.", example = "...")
          String title,
      @Doc(value = "The framework it comes from.", example = "PCI DSS 4.0") String framework,
      @Doc(value = "How much its failure matters.", example = "high") Severity severity) {

    public Control {
      if (title == null || title.isBlank()) {
        throw new IllegalArgumentException("a control needs a title");
      }
      if (framework == null || framework.isBlank()) {
        throw new IllegalArgumentException("a control needs a framework, as in 'PCI DSS 4.0'");
      }
      if (severity == null) {
        throw new IllegalArgumentException(
            "a control needs a severity: low, medium, high or critical");
      }
    }
  }

  public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
  }

  @Doc("An accepted failure of one control, until it expires.")
  public record Waiver(
      @Doc(value = "The control's id.", example = "SOC2-CC7.2") String control,
      @Doc(value = "Why the failure is accepted.", example = "labels come with the Q3 migration")
          String justification,
      @Doc(value = "Who accepted it.", example = "jane.doe@example.org") String approver,
      @Doc(
              value = "The last day it waives (UTC); from the day after, it no longer does.",
              example = "2027-03-31")
          LocalDate expires) {

    public Waiver {
      if (control == null || justification == null || approver == null || expires == null) {
        throw new IllegalArgumentException(
            "a waiver needs control, justification, approver and expires");
      }
    }

    /** Whether it still waives on {@code day} (UTC): through its expiry day, not after. */
    public boolean validOn(LocalDate day) {
      return !day.isAfter(expires);
    }
  }
}
