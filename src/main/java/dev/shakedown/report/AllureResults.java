package dev.shakedown.report;

import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm;
import java.nio.file.Path;

/**
 * Allure's Cucumber plugin writing into this run's folder. Allure's default lifecycle is a JVM-wide
 * singleton that reads its folder once from a system property; a lifecycle per run keeps two runs
 * in one JVM (as in the tests) from writing into each other's results.
 */
public final class AllureResults extends AllureCucumber7Jvm {
  public AllureResults(String directory) {
    super(new AllureLifecycle(new FileSystemResultsWriter(Path.of(directory))));
  }
}
