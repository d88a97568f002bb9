package dev.shakedown.report;

import java.util.Optional;
import java.util.function.Function;

/**
 * The CI build a run belongs to, read from the variables each CI system sets.
 *
 * @param type Allure's executor type ({@code github}, {@code gitlab}, {@code jenkins}, ...)
 */
public record CiEnvironment(
    String name, String type, String buildName, String buildUrl, String buildOrder) {

  static Optional<CiEnvironment> detect(Function<String, String> env) {
    if (present(env, "GITHUB_ACTIONS")) {
      String url =
          env.apply("GITHUB_SERVER_URL")
              + "/"
              + env.apply("GITHUB_REPOSITORY")
              + "/actions/runs/"
              + env.apply("GITHUB_RUN_ID");
      return Optional.of(
          new CiEnvironment(
              "GitHub Actions",
              "github",
              env.apply("GITHUB_WORKFLOW") + " #" + env.apply("GITHUB_RUN_NUMBER"),
              url,
              env.apply("GITHUB_RUN_NUMBER")));
    }
    if (present(env, "GITLAB_CI")) {
      return Optional.of(
          new CiEnvironment(
              "GitLab CI",
              "gitlab",
              env.apply("CI_JOB_NAME") + " #" + env.apply("CI_PIPELINE_IID"),
              env.apply("CI_JOB_URL"),
              env.apply("CI_PIPELINE_IID")));
    }
    if (present(env, "JENKINS_URL")) {
      return Optional.of(
          new CiEnvironment(
              "Jenkins",
              "jenkins",
              env.apply("JOB_NAME") + " #" + env.apply("BUILD_NUMBER"),
              env.apply("BUILD_URL"),
              env.apply("BUILD_NUMBER")));
    }
    if (present(env, "BUILD_PIPELINE_NAME") && present(env, "ATC_EXTERNAL_URL")) {
      // Concourse exposes build metadata to tasks only as these variables.
      String url =
          env.apply("ATC_EXTERNAL_URL")
              + "/teams/"
              + env.apply("BUILD_TEAM_NAME")
              + "/pipelines/"
              + env.apply("BUILD_PIPELINE_NAME")
              + "/jobs/"
              + env.apply("BUILD_JOB_NAME")
              + "/builds/"
              + env.apply("BUILD_NAME");
      return Optional.of(
          new CiEnvironment(
              "Concourse",
              "concourse",
              env.apply("BUILD_PIPELINE_NAME")
                  + "/"
                  + env.apply("BUILD_JOB_NAME")
                  + " #"
                  + env.apply("BUILD_NAME"),
              url,
              env.apply("BUILD_NAME")));
    }
    if (present(env, "CI")) {
      return Optional.of(
          new CiEnvironment(
              "CI",
              "ci",
              Optional.ofNullable(env.apply("BUILD_ID")).orElse("build"),
              null,
              env.apply("BUILD_ID")));
    }
    return Optional.empty();
  }

  private static boolean present(Function<String, String> env, String name) {
    String value = env.apply(name);
    return value != null && !value.isBlank();
  }
}
