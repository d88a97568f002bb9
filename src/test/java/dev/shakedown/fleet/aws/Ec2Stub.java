package dev.shakedown.fleet.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;

/**
 * WireMock stubs of EC2, Auto Scaling and ELBv2 (Query protocol: a form POST to / naming its
 * Action), with bodies as in the API references, including their error bodies.
 */
final class Ec2Stub {
  static final String GROUP_SCENARIO = "auto-scaling group";
  static final String REPLACING = "replacing";
  static final String REPLACED = "replaced";

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

  /** Group members: id, zone, lifecycle state. */
  static String describeGroups(String name, int desired, String... members) {
    StringBuilder instances = new StringBuilder();
    for (int i = 0; i < members.length; i += 3) {
      instances
          .append("<member><InstanceId>")
          .append(members[i])
          .append("</InstanceId><InstanceType>t3.micro</InstanceType><AvailabilityZone>")
          .append(members[i + 1])
          .append("</AvailabilityZone><LifecycleState>")
          .append(members[i + 2])
          .append("</LifecycleState><HealthStatus>Healthy</HealthStatus>")
          .append("<LaunchTemplate><LaunchTemplateId>lt-0a20c965061f64abc</LaunchTemplateId>")
          .append(
              "<LaunchTemplateName>donations</LaunchTemplateName><Version>1</Version></LaunchTemplate>")
          .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
    }
    return "<DescribeAutoScalingGroupsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
        + "<DescribeAutoScalingGroupsResult><AutoScalingGroups><member>"
        + "<AutoScalingGroupName>"
        + name
        + "</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:eu-west-2:111122223333:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/"
        + name
        + "</AutoScalingGroupARN><MinSize>"
        + desired
        + "</MinSize><MaxSize>"
        + (desired * 2)
        + "</MaxSize><DesiredCapacity>"
        + desired
        + "</DesiredCapacity><DefaultCooldown>300</DefaultCooldown><AvailabilityZones>"
        + "<member>eu-west-2a</member><member>eu-west-2b</member></AvailabilityZones>"
        + "<HealthCheckType>ELB</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod>"
        + "<CreatedTime>2026-01-12T09:00:00.000Z</CreatedTime><Instances>"
        + instances
        + "</Instances></member></AutoScalingGroups></DescribeAutoScalingGroupsResult>"
        + "<ResponseMetadata><RequestId>d6e4d7a1-7f2d-11e8-95a1-0b9e1e5c5d8a</RequestId></ResponseMetadata>"
        + "</DescribeAutoScalingGroupsResponse>";
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

  static String stateChange(
      String action, String id, String from, int fromCode, String to, int toCode) {
    return "<"
        + action
        + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>"
        + "<instancesSet><item><instanceId>"
        + id
        + "</instanceId><currentState><code>"
        + toCode
        + "</code><name>"
        + to
        + "</name></currentState><previousState><code>"
        + fromCode
        + "</code><name>"
        + from
        + "</name></previousState></item></instancesSet></"
        + action
        + "Response>";
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

  /**
   * A group of two (i-0a in eu-west-2a, i-0b in eu-west-2b) that replaces a terminated member the
   * way Auto Scaling does: the next description shows the new one pending, the one after in
   * service.
   */
  void groupThatReplaces(String group) {
    Ec2Instance a =
        new Ec2Instance(
            "i-0a",
            "eu-west-2a",
            "10.0.1.10",
            "running",
            "service",
            "donations",
            "owner",
            "payments");
    Ec2Instance b =
        new Ec2Instance(
            "i-0b",
            "eu-west-2b",
            "10.0.2.10",
            "running",
            "service",
            "donations",
            "owner",
            "payments");
    Ec2Instance c =
        new Ec2Instance(
            "i-0c",
            "eu-west-2a",
            "10.0.1.11",
            "running",
            "service",
            "donations",
            "owner",
            "payments");
    reply(
        action("DescribeAutoScalingGroups")
            .inScenario(GROUP_SCENARIO)
            .whenScenarioStateIs(Scenario.STARTED),
        200,
        describeGroups(
            group, 2, "i-0a", "eu-west-2a", "InService", "i-0b", "eu-west-2b", "InService"));
    reply(
        action("DescribeInstances")
            .inScenario(GROUP_SCENARIO)
            .whenScenarioStateIs(Scenario.STARTED),
        200,
        describeInstances(List.of(a, b)));
    reply(
        action("TerminateInstanceInAutoScalingGroup")
            .withRequestBody(containing("ShouldDecrementDesiredCapacity=false"))
            .inScenario(GROUP_SCENARIO)
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo(REPLACING),
        200,
        terminateInGroup(group, "i-0a"));
    reply(
        action("DescribeAutoScalingGroups")
            .inScenario(GROUP_SCENARIO)
            .whenScenarioStateIs(REPLACING)
            .willSetStateTo(REPLACED),
        200,
        describeGroups(
            group, 2, "i-0b", "eu-west-2b", "InService", "i-0c", "eu-west-2a", "Pending"));
    reply(
        action("DescribeInstances").inScenario(GROUP_SCENARIO).whenScenarioStateIs(REPLACING),
        200,
        describeInstances(
            List.of(b, new Ec2Instance("i-0c", "eu-west-2a", "10.0.1.11", "pending"))));
    reply(
        action("DescribeAutoScalingGroups")
            .inScenario(GROUP_SCENARIO)
            .whenScenarioStateIs(REPLACED),
        200,
        describeGroups(
            group, 2, "i-0b", "eu-west-2b", "InService", "i-0c", "eu-west-2a", "InService"));
    reply(
        action("DescribeInstances").inScenario(GROUP_SCENARIO).whenScenarioStateIs(REPLACED),
        200,
        describeInstances(List.of(b, c)));
  }
}
