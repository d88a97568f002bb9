package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.List;

/**
 * WireMock stubs of EC2, Auto Scaling and ELBv2 (Query protocol: a form POST to / naming its
 * Action), with bodies as in the API references, including their error bodies.
 */
final class Ec2Stub {
  private final WireMockServer server;

  Ec2Stub(WireMockServer server) {
    this.server = server;
  }

  /** One EC2 instance as DescribeInstances shows it. */
  record Ec2Instance(String id, String zone, String privateIp, String state, String... tags) {
    String xml() {
      StringBuilder tagSet = new StringBuilder();
      for (int i = 0; i < tags.length; i += 2) {
        tagSet
            .append("<item><key>")
            .append(tags[i])
            .append("</key><value>")
            .append(tags[i + 1])
            .append("</value></item>");
      }
      int code =
          switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> 48;
          };
      return "<item><instanceId>"
          + id
          + "</instanceId><imageId>ami-0abcdef1234567890</imageId><instanceState><code>"
          + code
          + "</code><name>"
          + state
          + "</name></instanceState><privateDnsName>ip-"
          + privateIp.replace('.', '-')
          + ".eu-west-2.compute.internal</privateDnsName><dnsName/><instanceType>t3.micro</instanceType>"
          + "<launchTime>2026-11-27T08:00:00.000Z</launchTime><placement><availabilityZone>"
          + zone
          + "</availabilityZone><groupName/><tenancy>default</tenancy></placement><privateIpAddress>"
          + privateIp
          + "</privateIpAddress><ipAddress>203.0.113."
          + privateIp.substring(privateIp.lastIndexOf('.') + 1)
          + "</ipAddress><tagSet>"
          + tagSet
          + "</tagSet></item>";
    }
  }

  static String describeInstances(List<Ec2Instance> instances) {
    StringBuilder items = new StringBuilder();
    for (Ec2Instance instance : instances) {
      items
          .append("<item><reservationId>r-0")
          .append(Math.abs(instance.id().hashCode()))
          .append("</reservationId><ownerId>111122223333</ownerId><groupSet/><instancesSet>")
          .append(instance.xml())
          .append("</instancesSet></item>");
    }
    return "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>8f7724cf-496f-496e-8fe3-ef5b6b1c3d4e</requestId><reservationSet>"
        + items
        + "</reservationSet></DescribeInstancesResponse>";
  }

  static String terminateInGroup(String group, String id) {
    return "<TerminateInstanceInAutoScalingGroupResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
        + "<TerminateInstanceInAutoScalingGroupResult><Activity><ActivityId>cbab3d4b-2d71-4f1d-8a8e-5d4f1f4a3b2c</ActivityId>"
        + "<AutoScalingGroupName>"
        + group
        + "</AutoScalingGroupName><Description>Terminating EC2 instance: "
        + id
        + "</Description><Cause>At 2026-11-27T10:00:00Z instance "
        + id
        + " was taken out of service in response to a user request.</Cause>"
        + "<StartTime>2026-11-27T10:00:00.000Z</StartTime><StatusCode>InProgress</StatusCode><Progress>0</Progress>"
        + "</Activity></TerminateInstanceInAutoScalingGroupResult><ResponseMetadata>"
        + "<RequestId>a0c5f2e1-7f2d-11e8-95a1-0b9e1e5c5d8a</RequestId></ResponseMetadata>"
        + "</TerminateInstanceInAutoScalingGroupResponse>";
  }

  static String ec2Error(String code, String message) {
    return "<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>";
  }

  MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  void reply(MappingBuilder request, int status, String body) {
    server.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(body)));
  }
}
