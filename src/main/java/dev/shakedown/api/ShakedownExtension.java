package dev.shakedown.api;

import dev.shakedown.undo.Reverts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Opens the run of a {@link ShakedownTest} class once, injects it, reverts what each test applied
 * after it and closes the run after the class. A revert that leaves something applied fails the
 * test that applied it, naming what is left; the run's ledger keeps it for {@code shakedown sweep}.
 *
 * <p>Where the config is known only at run time (a copy written by the test), register it on a
 * static field instead of the annotation: {@code @RegisterExtension static ShakedownExtension
 * shakedown = ShakedownExtension.of(reports, config);}.
 */
public final class ShakedownExtension
    implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ShakedownExtension.class);

  private final Path reports;
  private final List<Path> configs;

  /** As {@link ShakedownTest} declares it: the configs come from the annotation. */
  public ShakedownExtension() {
    this(null, List.of());
  }

  private ShakedownExtension(Path reports, List<Path> configs) {
    this.reports = reports;
    this.configs = List.copyOf(configs);
  }

  /**
   * For {@code @RegisterExtension}: a run of {@code configs}, its reports under {@code reports}.
   */
  public static ShakedownExtension of(Path reports, Path... configs) {
    if (configs.length == 0) {
      throw new ExtensionConfigurationException("ShakedownExtension.of names no config file");
    }
    return new ShakedownExtension(reports, List.of(configs));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    run(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Reverts reverts = run(context).revertAll();
    if (!reverts.complete()) {
      throw new AssertionError(
          "still applied after the test: "
              + String.join("; ", reverts.left())
              + " (kept in the run's ledger for shakedown sweep)");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Shakedown.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return run(context);
  }

  private Shakedown run(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ExtensionContext.Store store = classContext(context, testClass).getStore(NAMESPACE);
    // Stored as an AutoCloseable: JUnit closes it when the class's context ends.
    return store.getOrComputeIfAbsent(testClass, c -> open(testClass), Shakedown.class);
  }

  private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
    ExtensionContext at = context;
    while (at.getParent().isPresent() && at.getTestMethod().isPresent()) {
      at = at.getParent().get();
    }
    return at;
  }

  private Shakedown open(Class<?> testClass) {
    if (!configs.isEmpty()) {
      return Shakedown.open(reports, configs);
    }
    ShakedownTest settings =
        AnnotationSupport.findAnnotation(testClass, ShakedownTest.class)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        testClass.getName()
                            + " uses ShakedownExtension without @ShakedownTest(config = ...)"));
    if (settings.config().length == 0) {
      throw new ExtensionConfigurationException(
          "@ShakedownTest on " + testClass.getName() + " names no config file");
    }
    return Shakedown.open(
        Path.of(settings.reports()), Arrays.stream(settings.config()).map(Path::of).toList());
  }
}
