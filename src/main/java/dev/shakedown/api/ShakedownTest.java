package dev.shakedown.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A JUnit 5 test class run against a deployment: one {@link Shakedown} run is opened from {@link
 * #config} before the first test and injected into test methods and constructors; what a test
 * applied is reverted after it, and the test fails if something stays applied. The run closes after
 * the last test.
 *
 * <pre>{@code
 * @ShakedownTest(config = "config/clouds/local.yaml")
 * class FailoverTest {
 *   @Test
 *   void keepsServingWhenAnInstanceDies(Shakedown run) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ShakedownExtension.class)
// One run, one deployment: its tests never run at once, and never beside another class's run.
@Execution(ExecutionMode.SAME_THREAD)
@ResourceLock("dev.shakedown.deployment")
public @interface ShakedownTest {
  /** The cloud configs, relative to the working directory, merged in order. */
  String[] config();

  /** Where run folders, ledgers and locks go: shared with {@code shakedown run}. */
  String reports() default "reports";
}
