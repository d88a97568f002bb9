package dev.shakedown.fleet.aws;

import dev.shakedown.fleet.FleetException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
      throw new FleetException(
          "cloud '" + cloud + "': " + permission + " could not reach AWS: " + e.getMessage(), e);
    }
  }

  static FleetException translate(String cloud, String permission, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
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
