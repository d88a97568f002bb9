package dev.shakedown.fleet.aws;

import dev.shakedown.fleet.FleetException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** AWS's refusals, worded for the person who has to fix the policy or the config. */
final class AwsErrors {
  private static final Set<String> DENIED =
      Set.of(
          "UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "UnauthorizedAccess");
  private static final Set<String> THROTTLED =
      Set.of(
          "RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequestsException");

  private AwsErrors() {}

  /**
   * @param permission the IAM action the call needs, as in {@code ec2:TerminateInstances}
   */
  static <T> T call(String cloud, String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      throw translate(cloud, permission, e);
    } catch (SdkClientException e) {
      throw unreached(cloud, permission, e);
    }
  }

  /** The call never got an answer: AWS unreachable, or the requestTimeout spent on retries. */
  static FleetException unreached(String cloud, String permission, SdkClientException e) {
    if (e instanceof ApiCallTimeoutException) {
      return new FleetException(
          "cloud '"
              + cloud
              + "': "
              + permission
              + " did not complete within requestTimeout, retries included (AWS slow, or"
              + " throttling every attempt); raise requestTimeout or poll less often (pollInterval)",
          e);
    }
    return new FleetException(
        "cloud '" + cloud + "': " + permission + " could not reach AWS: " + e.getMessage(), e);
  }

  /**
   * A mutating call on an instance id, retried while EC2 says the id does not exist: right after a
   * launch, an id can be unknown to the API for a moment ("Eventual consistency in the Amazon EC2
   * API": retry with exponential backoff).
   */
  static <T> T retryingNotFound(String cloud, String permission, Supplier<T> call) {
    long pause = 250;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (!code.equals("InvalidInstanceID.NotFound") || attempt == 5) {
          throw translate(cloud, permission, e);
        }
      } catch (SdkClientException e) {
        throw unreached(cloud, permission, e);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted while " + permission + " was retried", e);
      }
      pause *= 2;
    }
  }

  static FleetException translate(String cloud, String permission, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    if (permission.equals("autoscaling:UpdateAutoScalingGroup")
        && String.valueOf(message).contains("not authorized")) {
      // Auto Scaling checks the launch template on every update, with the caller's rights.
      return new FleetException(
          "cloud '"
              + cloud
              + "': AWS refused "
              + permission
              + " because the credentials may not launch from the group's launch template ("
              + code
              + "): allow ec2:RunInstances, ec2:CreateTags and iam:PassRole for its instance"
              + " profile (README: statements LaunchTemplateChecks and LaunchTemplateRole)",
          e);
    }
    if (DENIED.contains(code) || e.statusCode() == 403) {
      return new FleetException(
          "cloud '"
              + cloud
              + "': AWS denied "
              + permission
              + " ("
              + code
              + "): allow the action "
              + permission
              + " in the IAM policy of the credentials Shakedown runs with (README: the least-privilege policy)",
          e);
    }
    if (THROTTLED.contains(code)) {
      return new FleetException(
          "cloud '"
              + cloud
              + "': AWS throttled "
              + permission
              + " ("
              + code
              + ") through every retry; run again later, or raise pollInterval so that Shakedown asks less often",
          e);
    }
    return new FleetException(
        "cloud '" + cloud + "': " + permission + " failed: " + code + " " + message, e);
  }
}
