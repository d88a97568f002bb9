package dev.shakedown.steps;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A sentence, as a user writes it in a feature, that this step definition matches. Shown by {@code
 * shakedown steps}; a test checks that every step has one and that it really matches.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Example {
  String value();
}
