package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/** A stubbed AWS with one Auto Scaling group of two, for tests of other packages. */
public final class AwsTestGroups implements AutoCloseable {
  private final WireMockServer server;

  private AwsTestGroups(WireMockServer server) {
    this.server = server;
  }

  public static AwsTestGroups start(String group) {
    AutoScalingGroups groups =
        new AutoScalingGroups().group(group, "i-0a", "eu-west-2a", "eu-west-2b");
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().extensions(groups));
    server.start();
    server.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withTransformers(AutoScalingGroups.NAME)));
    return new AwsTestGroups(server);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public int terminations() {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=TerminateInstances&")))
        .size();
  }

  @Override
  public void close() {
    server.stop();
  }
}
