package dev.shakedown.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a config key. The text feeds the JSON Schema ({@code shakedown schema}) and so the
 * editor's hover help; {@link #required()} and {@link #example()} feed validation messages.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Doc {
  String value();

  boolean required() default false;

  /** A valid value, quoted in "how to fix" hints. */
  String example() default "";

  /** Smallest allowed value of a number. */
  double min() default -Double.MAX_VALUE;
}
