package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.config.Secret;
import dev.shakedown.fleet.CloudChange;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.testing.Readme;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's least-privilege policy is exactly what the aws provider calls: no less, no more. */
class AwsPermissionsIT {
  private static final String GROUP = "donations-eu";
  private static final String TARGETS =
      "arn:aws:elasticloadbalancing:eu-west-2:111122223333:targetgroup/donations/73e2d6bc24d8a067";

  @TempDir Path dir;
  private final AutoScalingGroups groups =
      new AutoScalingGroups().group(GROUP, "i-0a", "eu-west-2a", "eu-west-2b");
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(groups));
    server.start();
    server.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withTransformers(AutoScalingGroups.NAME)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Fleet open(AwsSettings.KillMode kill) {
    AwsSettings settings =
        new AwsSettings(
            "eu-west-2",
            Map.of("service", "donations"),
            GROUP,
            TARGETS,
            null,
            8080,
            null,
            null,
            new Secret("AKIAIOSFODNN7EXAMPLE"),
            new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            URI.create(server.baseUrl()),
            Duration.ofSeconds(20),
            Duration.ofMillis(50),
            Duration.ofSeconds(10),
            kill,
            null);
    return dev.shakedown.testing.TestFleets.open(new AwsProvider(), "aws-eu", settings, dir, false);
  }

  @Test
  void should_call_exactly_the_actions_the_readme_policy_allows() throws Exception {
    try (Fleet fleet = open(AwsSettings.KillMode.HARD)) {
      Instance first = fleet.instances().get(0);
      List<CloudChange> holding = fleet.toHoldStop(first);
      holding.forEach(fleet::apply);
      fleet.stop(first);
      fleet.start(first);
      holding.forEach(fleet::undo);
      fleet.reboot(first);
      List<CloudChange> zone = fleet.toHoldZoneOutage("eu-west-2a");
      zone.forEach(fleet::apply);
      fleet.kill(first);
      fleet.awaitHealthy(2, Duration.ofSeconds(20));
      zone.forEach(fleet::undo);
    }
    try (Fleet graceful = open(AwsSettings.KillMode.GRACEFUL)) {
      graceful.kill(graceful.instances().get(0));
      graceful.awaitHealthy(2, Duration.ofSeconds(20));
    }

    assertThat(called()).isEqualTo(readmePolicy());
  }

  /** Every action the stand-ins were asked for, as IAM names it: its service by API version. */
  private Set<String> called() {
    Set<String> actions = new TreeSet<>();
    server
        .getAllServeEvents()
        .forEach(
            event -> {
              String body =
                  URLDecoder.decode(event.getRequest().getBodyAsString(), StandardCharsets.UTF_8);
              String action = body.replaceAll("(?s).*Action=([A-Za-z]+).*", "$1");
              String service =
                  body.contains("Version=2016-11-15")
                      ? "ec2"
                      : body.contains("Version=2011-01-01")
                          ? "autoscaling"
                          : body.contains("Version=2015-12-01") ? "elasticloadbalancing" : "?";
              actions.add(service + ":" + action);
            });
    return actions;
  }

  /**
   * The policy in the README's AWS section: every action of every statement but S3's (backups) and
   * the launch-template checks AWS makes on its own when a group is updated.
   */
  private static Set<String> readmePolicy() throws Exception {
    String section = Readme.section("### AWS");
    int start = section.indexOf("```json\n") + "```json\n".length();
    JsonNode policy =
        new ObjectMapper().readTree(section.substring(start, section.indexOf("```", start)));
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Sid").asText().startsWith("LaunchTemplate")) {
        continue;
      }
      JsonNode action = statement.path("Action");
      (action.isArray() ? action : new ObjectMapper().createArrayNode().add(action))
          .forEach(a -> actions.add(a.asText()));
    }
    actions.removeIf(a -> a.startsWith("s3:"));
    return actions;
  }
}
