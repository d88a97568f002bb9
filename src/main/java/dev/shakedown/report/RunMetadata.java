package dev.shakedown.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Who ran what, when, from which commit and where: the header of every report. */
public record RunMetadata(
    String runId,
    Instant started,
    Instant finished,
    String toolVersion,
    Optional<String> gitCommit,
    String operator,
    List<String> clouds,
    String javaVersion,
    String os,
    Optional<CiEnvironment> ci) {

  /** Who runs it: SHAKEDOWN_OPERATOR, else the CI's user, else the account's. */
  public static String operator(Function<String, String> environment) {
    return Optional.ofNullable(environment.apply("SHAKEDOWN_OPERATOR"))
        .or(() -> Optional.ofNullable(environment.apply("GITHUB_ACTOR")))
        .or(() -> Optional.ofNullable(environment.apply("GITLAB_USER_LOGIN")))
        .orElse(System.getProperty("user.name", "unknown"));
  }

  public static RunMetadata collect(
      String runId,
      Instant started,
      Instant finished,
      Set<String> clouds,
      Function<String, String> environment) {
    return new RunMetadata(
        runId,
        started,
        finished,
        ToolVersion.current(),
        GitCommit.find(Path.of(""), environment),
        operator(environment),
        clouds.stream().sorted().toList(),
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        CiEnvironment.detect(environment));
  }
}
