package dev.shakedown.fleet.aws;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.Selection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

@Doc(
    "provider 'aws': EC2 instances chosen by tags and/or an Auto Scaling group, through AWS SDK v2.")
public record AwsSettings(
    @Doc(value = "The region of the instances.", required = true, example = "eu-west-2")
        String region,
    @Doc(
            value = "EC2 tags every instance must carry; with autoScalingGroup, both must hold.",
            example = "{ service: donations, env: prod }")
        Map<String, String> tags,
    @Doc(
            value =
                "The Auto Scaling group of the instances: a killed one is terminated inside the group, which replaces it.",
            example = "donations-eu")
        String autoScalingGroup,
    @Doc(
            value =
                "An ELBv2 target group the instances serve behind: a replacement counts once healthy there.",
            example =
                "arn:aws:elasticloadbalancing:eu-west-2:111122223333:targetgroup/donations/73e2d6bc24d8a067")
        String targetGroupArn,
    @Doc(value = "Which address an instance is reached at.", example = "private")
        AddressKind address,
    @Doc(value = "Port and scheme of an instance's own address.", example = "8080") Integer port,
    @Doc(
            value =
                "A named profile of the AWS config files; default: the default credential chain.",
            example = "shakedown")
        String profile,
    @Doc(
            value = "A role to assume (STS) for the account of the instances.",
            example = "arn:aws:iam::111122223333:role/shakedown")
        String roleArn,
    @Doc(
            value = "Access key id, for a stand-in; otherwise profile or the default chain.",
            example = "${AWS_ACCESS_KEY_ID}")
        Secret accessKeyId,
    @Doc(
            value = "The secret access key that goes with accessKeyId.",
            example = "${AWS_SECRET_ACCESS_KEY}")
        Secret secretAccessKey,
    @Doc(
            value = "Another endpoint for EC2, Auto Scaling and ELBv2, as for a test stand-in.",
            example = "http://127.0.0.1:8089")
        URI endpoint,
    @Doc(value = "How long one API call may take, retries included.", example = "30s")
        Duration requestTimeout,
    @Doc(value = "How often the instances are described while waiting.", example = "2s")
        Duration pollInterval,
    @Doc(
            value = "How long a stopped instance may take to stop, and a started one to run.",
            example = "5 minutes")
        Duration stateTimeout,
    @Doc(
            value =
                "How a kill is done: hard (EC2 TerminateInstances: the instance dies at once, and its group notices and replaces it; the default) or graceful (TerminateInstanceInAutoScalingGroup: the group drains it from its target groups first).",
            example = "hard")
        KillMode kill,
    @Doc(
            value =
                "Accept a region this Shakedown's AWS SDK does not know yet (one opened after its release). Off by default: a region is checked against the SDK's list.",
            example = "true")
        Boolean allowUnknownRegion) {

  private static final java.util.regex.Pattern REGION =
      java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** A typo in the region would look for the instances where there are none: refused. */
  private static void checkRegion(String region, boolean allowUnknown) {
    java.util.List<String> known =
        software.amazon.awssdk.regions.Region.regions().stream()
            .map(software.amazon.awssdk.regions.Region::id)
            .filter(REGION.asMatchPredicate())
            .sorted()
            .toList();
    if (known.contains(region)) {
      return;
    }
    if (allowUnknown && REGION.matcher(region).matches()) {
      return;
    }
    String near =
        dev.shakedown.config.Suggestions.closest(region, known)
            .map(r -> "did you mean '" + r + "'? ")
            .orElse("");
    throw new dev.shakedown.config.SettingException(
        "region",
        "'" + region + "' is not an AWS region this Shakedown knows",
        near
            + (REGION.matcher(region).matches()
                ? "for a region newer than Shakedown's AWS SDK, add 'allowUnknownRegion: true'"
                : "a region is written as in eu-west-2"));
  }

  public AwsSettings {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("an aws cloud needs region, as in eu-west-2");
    }
    allowUnknownRegion = allowUnknownRegion != null && allowUnknownRegion;
    checkRegion(region, allowUnknownRegion);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (tags.isEmpty() && autoScalingGroup == null) {
      throw new IllegalArgumentException(
          "say which instances are this cloud's: tags, autoScalingGroup, or both");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "set accessKeyId and secretAccessKey together, or neither");
    }
    address = address == null ? AddressKind.PRIVATE : address;
    port = port == null ? 80 : port;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    pollInterval = Selection.pollInterval(pollInterval);
    stateTimeout = stateTimeout == null ? Duration.ofMinutes(5) : stateTimeout;
    kill = kill == null ? KillMode.HARD : kill;
    if (kill == KillMode.GRACEFUL && autoScalingGroup == null) {
      throw new IllegalArgumentException(
          "kill: graceful terminates through the Auto Scaling group: name autoScalingGroup, or use kill: hard");
    }
  }

  /** What selects the instances, as messages name it. */
  String selector() {
    String group = autoScalingGroup == null ? null : "Auto Scaling group " + autoScalingGroup;
    return Selection.describe("tags", tags, group) + " (" + region + ")";
  }

  public enum AddressKind {
    PRIVATE,
    PUBLIC
  }

  /** How a kill is done. */
  public enum KillMode {
    HARD,
    GRACEFUL
  }
}
