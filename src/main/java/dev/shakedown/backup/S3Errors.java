package dev.shakedown.backup;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 failure means to the user, and what to do about it: the same words for the backup
 * stores and the history. Never S3's own message text beside the code, which a stand-in or a proxy
 * may fill with anything.
 */
public final class S3Errors {
  private S3Errors() {}

  /**
   * @param action the IAM action of the call, {@code s3:GetObject}
   * @param where how the user names what was called, {@code s3://bucket/prefix/}
   * @param resource the ARN the action is granted on: the bucket's for a bucket's action, {@code
   *     arn:aws:s3:::bucket/prefix*} for objects'
   */
  public static String explain(String action, String where, String resource, S3Exception e) {
    String code = code(e);
    return switch (code) {
      case "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
          "S3 did not accept the credentials for "
              + where
              + " ("
              + code
              + "): check accessKeyId and secretAccessKey, or the default credential chain's";
      case "ExpiredToken", "TokenRefreshRequired", "InvalidToken" ->
          "the session credentials for " + where + " have expired (" + code + "): renew them";
      case "RequestTimeTooSkewed" ->
          "S3 refused " + action + " on " + where + ": this machine's clock is off (" + code + ")";
      case "NoSuchBucket" -> "no bucket at " + where + "; check its name";
      default ->
          "AccessDenied".equals(code) || e.statusCode() == 403
              ? action
                  + " on "
                  + where
                  + " was denied: grant "
                  + action
                  + " on "
                  + resource
                  + " to the credentials Shakedown runs with"
              : action + " on " + where + " failed: " + code + " (HTTP " + e.statusCode() + ")";
    };
  }

  /** A failure before S3 answered: no credentials found, or no connection. */
  public static String explain(String where, SdkClientException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return "no AWS credentials for "
          + where
          + ": set accessKeyId and secretAccessKey, or give the SDK's default chain some"
          + " (AWS_PROFILE, an instance role)";
    }
    return "S3 is not reachable for " + where + ": " + message;
  }

  static String code(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }
}
