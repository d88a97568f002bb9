package dev.shakedown.api;

import dev.shakedown.undo.Reverts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Opens the run of a {@link ShakedownTest} class once, injects it, reverts what each test applied
 * after it and closes the run after the class (its nested classes share it). A revert that leaves
 * something applied fails the test that applied it, naming what is left, and every later test of
 * the run is refused: it would measure that, not what it changes. The run's ledger keeps it for
 * {@code shakedown sweep}. A test during which the run halted fails with the reason.
 *
 * <p>Where the config is known only at run time (a copy written by the test), register it on a
 * static field instead of the annotation: {@code @RegisterExtension static ShakedownExtension
 * shakedown = ShakedownExtension.of(reports, config);}.
 */
public final class ShakedownExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
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
    Objects.requireNonNull(reports, "ShakedownExtension.of needs the reports folder");
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
  public void beforeEach(ExtensionContext context) {
    List<String> left = run(context).stillApplied();
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          "refused: an earlier test left "
              + String.join("; ", left)
              + " applied, and this test would measure that; run shakedown sweep after the run");
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Shakedown run = run(context);
    Reverts reverts = run.revertAll();
    if (!reverts.complete()) {
      throw new AssertionError(
          "still applied after the test: "
              + String.join("; ", reverts.left())
              + " (kept in the run's ledger for shakedown sweep)");
    }
    Optional<String> halted = run.halted();
    if (halted.isPresent()) {
      throw new AssertionError(halted.get());
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

  /** The run, opened once for the outermost test class and shared by its nested classes. */
  private Shakedown run(ExtensionContext context) {
    ExtensionContext outermost = outermost(context);
    Class<?> testClass = outermost.getRequiredTestClass();
    return outermost
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(testClass, c -> new OpenRun(open(testClass)), OpenRun.class)
        .run();
  }

  private static ExtensionContext outermost(ExtensionContext context) {
    ExtensionContext at = context;
    while (at.getParent().isPresent() && at.getParent().get().getTestClass().isPresent()) {
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

  /**
   * Closed by JUnit when the class's context ends, on every JUnit 5: an AutoCloseable for 5.13 and
   * later, a CloseableResource (which 5.13 deprecates) for those before. JUnit closes a value once,
   * and {@link Shakedown#close} is idempotent besides.
   */
  @SuppressWarnings("deprecation")
  private record OpenRun(Shakedown run)
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      run.close();
    }
  }
}
