package dev.shakedown.fleet.aws;

import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.HealthWait;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * A cloud's EC2 instances. Kill terminates (inside the Auto Scaling group without lowering its
 * desired capacity, so that the group replaces the instance); stop and start are EC2's; a
 * replacement counts once the group has its desired capacity in service and healthy (and the target
 * group, when there is one, calls as many healthy). Described at most once per pollInterval: the
 * harness polls while it waits, and AWS throttles eager callers.
 */
final class AwsFleet implements Fleet {
  private static final List<String> LIVE = List.of("pending", "running", "stopping", "stopped");

  private final String cloud;
  private final AwsSettings settings;
  private final AwsClients aws;
  private final boolean dryRun;
  private List<Instance> described;
  private Instant describedAt = Instant.EPOCH;

  AwsFleet(String cloud, AwsSettings settings, AwsClients aws, boolean dryRun) {
    this.cloud = cloud;
    this.settings = settings;
    this.aws = aws;
    this.dryRun = dryRun;
  }

  /** An empty selection is a mistake in the config, said at the start rather than mid-fault. */
  void checkSelector() {
    if (instances().isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': no EC2 instance matches "
              + settings.selector()
              + "; check the tags and the group's name in the config, and the region");
    }
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public synchronized List<Instance> instances() {
    if (described != null
        && Duration.between(describedAt, Instant.now()).compareTo(settings.pollInterval()) < 0) {
      return described;
    }
    List<String> ids = null;
    if (settings.autoScalingGroup() != null) {
      ids = group().instances().stream().map(i -> i.instanceId()).toList();
      if (ids.isEmpty()) {
        return remember(List.of());
      }
    }
    List<Filter> filters = new ArrayList<>();
    settings
        .tags()
        .forEach(
            (key, value) -> filters.add(Filter.builder().name("tag:" + key).values(value).build()));
    filters.add(Filter.builder().name("instance-state-name").values(LIVE).build());
    List<String> only = ids;
    List<Instance> instances = new ArrayList<>();
    AwsErrors.call(
        cloud,
        "ec2:DescribeInstances",
        () -> {
          for (Reservation reservation :
              aws.ec2()
                  .describeInstancesPaginator(
                      r -> {
                        r.filters(filters);
                        if (only != null) {
                          r.instanceIds(only);
                        }
                      })
                  .reservations()) {
            reservation.instances().forEach(i -> instances.add(view(i)));
          }
          return null;
        });
    instances.sort(java.util.Comparator.comparing(Instance::id));
    return remember(List.copyOf(instances));
  }

  private List<Instance> remember(List<Instance> instances) {
    described = instances;
    describedAt = Instant.now();
    return instances;
  }

  private synchronized void forget() {
    described = null;
  }

  private Instance view(software.amazon.awssdk.services.ec2.model.Instance ec2) {
    Map<String, String> labels = new TreeMap<>();
    for (Tag tag : ec2.tags()) {
      labels.put(tag.key(), tag.value());
    }

    String ip =
        settings.address() == AwsSettings.AddressKind.PUBLIC
            ? ec2.publicIpAddress()
            : ec2.privateIpAddress();
    return new Instance(
        ec2.instanceId(),
        cloud,
        ec2.placement() == null ? "" : ec2.placement().availabilityZone(),
        ip == null
            ? URI.create("http://0.0.0.0")
            : URI.create("http://" + ip + ":" + settings.port()),
        state(ec2.state() == null ? "" : ec2.state().nameAsString()),
        Map.copyOf(labels),
        Map.of("instance-type", String.valueOf(ec2.instanceTypeAsString())));
  }

  private static InstanceState state(String name) {
    return switch (name) {
      case "pending" -> InstanceState.STARTING;
      case "running" -> InstanceState.RUNNING;
      case "stopping", "stopped" -> InstanceState.STOPPED;
      default -> InstanceState.TERMINATED;
    };
  }

  private AutoScalingGroup group() {
    List<AutoScalingGroup> groups =
        AwsErrors.call(
            cloud,
            "autoscaling:DescribeAutoScalingGroups",
            () ->
                aws.autoScaling()
                    .describeAutoScalingGroups(
                        r -> r.autoScalingGroupNames(settings.autoScalingGroup()))
                    .autoScalingGroups());
    if (groups.isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': no Auto Scaling group named "
              + settings.autoScalingGroup()
              + " in "
              + settings.region()
              + "; check autoScalingGroup and region");
    }
    return groups.get(0);
  }

  @Override
  public void kill(Instance instance) {
    mutating("terminate " + instance.id());
    if (settings.autoScalingGroup() != null) {
      AwsErrors.call(
          cloud,
          "autoscaling:TerminateInstanceInAutoScalingGroup",
          () ->
              aws.autoScaling()
                  .terminateInstanceInAutoScalingGroup(
                      r -> r.instanceId(instance.id()).shouldDecrementDesiredCapacity(false)));
    } else {
      AwsErrors.call(
          cloud,
          "ec2:TerminateInstances",
          () -> aws.ec2().terminateInstances(r -> r.instanceIds(instance.id())));
    }
    forget();
  }

  @Override
  public void stop(Instance instance) {
    mutating("stop " + instance.id());
    AwsErrors.call(
        cloud,
        "ec2:StopInstances",
        () -> aws.ec2().stopInstances(r -> r.instanceIds(instance.id())));
    forget();
    // EC2 refuses to start what is still stopping: a stop is done when the instance is stopped.
    awaitState(instance, InstanceState.STOPPED);
  }

  @Override
  public void start(Instance instance) {
    mutating("start " + instance.id());
    AwsErrors.call(
        cloud,
        "ec2:StartInstances",
        () -> aws.ec2().startInstances(r -> r.instanceIds(instance.id())));
    forget();
    awaitState(instance, InstanceState.RUNNING);
  }

  private void awaitState(Instance instance, InstanceState wanted) {
    Instant deadline = Instant.now().plus(settings.stateTimeout());
    while (true) {
      forget();
      InstanceState now =
          instances().stream()
              .filter(i -> i.id().equals(instance.id()))
              .map(Instance::state)
              .findFirst()
              .orElse(InstanceState.TERMINATED);
      if (now == wanted) {
        return;
      }
      if (now == InstanceState.TERMINATED || Instant.now().isAfter(deadline)) {
        throw new FleetException(
            "cloud '"
                + cloud
                + "': "
                + instance.id()
                + " is "
                + now.name().toLowerCase(java.util.Locale.ROOT)
                + ", not "
                + wanted.name().toLowerCase(java.util.Locale.ROOT)
                + ", after "
                + settings.stateTimeout().toSeconds()
                + " s");
      }
      try {
        Thread.sleep(settings.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted while waiting for cloud '" + cloud + "'", e);
      }
    }
  }

  @Override
  public void reboot(Instance instance) {
    mutating("reboot " + instance.id());
    AwsErrors.call(
        cloud,
        "ec2:RebootInstances",
        () -> aws.ec2().rebootInstances(r -> r.instanceIds(instance.id())));
    forget();
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return HealthWait.until(cloud, count, timeout, settings.pollInterval(), () -> healthy(count));
  }

  /** Null when {@code count} serve; otherwise what is missing. */
  private String healthy(int count) {
    if (settings.autoScalingGroup() != null) {
      AutoScalingGroup group = group();
      long inService =
          group.instances().stream()
              .filter(i -> "InService".equals(i.lifecycleStateAsString()))
              .filter(i -> "Healthy".equalsIgnoreCase(i.healthStatus()))
              .count();
      if (inService < count) {
        return inService
            + " of "
            + count
            + " in service and healthy in group "
            + group.autoScalingGroupName();
      }
    } else {
      forget();
      long running = instances().stream().filter(i -> i.state() == InstanceState.RUNNING).count();
      if (running < count) {
        return running + " of " + count + " running";
      }
    }
    if (settings.targetGroupArn() != null) {
      long healthyTargets =
          AwsErrors.call(
                  cloud,
                  "elasticloadbalancing:DescribeTargetHealth",
                  () ->
                      aws.loadBalancing()
                          .describeTargetHealth(r -> r.targetGroupArn(settings.targetGroupArn()))
                          .targetHealthDescriptions())
              .stream()
              .filter(
                  d ->
                      d.targetHealth() != null
                          && d.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
              .count();
      if (healthyTargets < count) {
        return healthyTargets
            + " of "
            + count
            + " healthy in target group "
            + settings.targetGroupArn();
      }
    }
    return null;
  }

  private void mutating(String action) {
    if (dryRun) {
      throw new IllegalStateException("a dry run must not " + action + " in cloud " + cloud);
    }
  }

  @Override
  public void close() {
    aws.close();
  }
}
