package dev.shakedown.steps;

import io.cucumber.java.en.And;
import io.cucumber.java.en.But;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every sentence Shakedown understands, read from its step classes, for {@code shakedown steps}.
 */
public final class Vocabulary {
  /** Shakedown's step classes; a test checks this list against the package's contents. */
  static final List<Class<?>> STEP_CLASSES =
      List.of(
          ServingSteps.class,
          FailoverSteps.class,
          NetworkSteps.class,
          ThroughputSteps.class,
          TrendSteps.class,
          BackupSteps.class,
          ComplianceSteps.class);

  private Vocabulary() {}

  /**
   * One sentence of the vocabulary.
   *
   * @param expression the Cucumber expression, e.g. {@code the deployment is serving}
   * @param example a sentence as written in a feature
   */
  public record Sentence(String area, String keyword, String expression, String example) {
    /** Its example as a config whose load is called {@code noun} reads it: {@code donations}. */
    public Sentence with(dev.shakedown.config.Noun noun) {
      return expression.contains("{noun}")
          ? new Sentence(area, keyword, expression, noun.inExample(example))
          : this;
    }
  }

  public static List<Sentence> sentences() {
    List<Sentence> sentences = new ArrayList<>();
    for (Class<?> type : STEP_CLASSES) {
      String area = type.getAnnotation(Area.class).value();
      for (Method method : type.getDeclaredMethods()) {
        Example example = method.getAnnotation(Example.class);
        String[] step = step(method);
        if (step != null) {
          sentences.add(
              new Sentence(area, step[0], step[1], example == null ? "" : example.value()));
        }
      }
    }
    sentences.sort(Comparator.comparing(Sentence::area).thenComparing(Sentence::expression));
    return sentences;
  }

  static String[] step(Method method) {
    if (method.getAnnotation(Given.class) != null) {
      return new String[] {"Given", method.getAnnotation(Given.class).value()};
    }
    if (method.getAnnotation(When.class) != null) {
      return new String[] {"When", method.getAnnotation(When.class).value()};
    }
    if (method.getAnnotation(Then.class) != null) {
      return new String[] {"Then", method.getAnnotation(Then.class).value()};
    }
    if (method.getAnnotation(And.class) != null) {
      return new String[] {"And", method.getAnnotation(And.class).value()};
    }
    if (method.getAnnotation(But.class) != null) {
      return new String[] {"But", method.getAnnotation(But.class).value()};
    }
    return null;
  }
}
