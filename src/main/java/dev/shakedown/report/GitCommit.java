package dev.shakedown.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The commit the run was made from: the CI's own variable when there is one, else read from {@code
 * .git} without running git, which may not be installed where the harness runs.
 */
final class GitCommit {
  private GitCommit() {}

  static Optional<String> find(Path start, Function<String, String> environment) {
    for (String variable :
        new String[] {"GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILD_VCS_NUMBER"}) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path git = dir.resolve(".git");
      if (Files.isDirectory(git)) {
        return fromGitDirectory(git);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> fromGitDirectory(Path git) {
    try {
      String head = Files.readString(git.resolve("HEAD")).trim();
      if (!head.startsWith("ref: ")) {
        return Optional.of(head);
      }
      String ref = head.substring(5).trim();
      Path loose = git.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return Optional.of(Files.readString(loose).trim());
      }
      Path packed = git.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        return Files.readAllLines(packed).stream()
            .filter(line -> line.endsWith(" " + ref))
            .map(line -> line.substring(0, line.indexOf(' ')))
            .findFirst();
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
