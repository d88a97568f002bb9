package dev.shakedown.fleet.gcp;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.Operation;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.HealthWait;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.InstanceState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A cloud's Compute Engine instances. Kill deletes (in a managed instance group, the group
 * recreates it); stop and start are Compute's; a replacement counts once the group has the
 * instances running with no action pending and, where it health-checks, healthy. Operations are
 * awaited up to operationTimeout, and their errors surfaced.
 */
final class GcpFleet implements Fleet {
  private final String cloud;
  private final GcpSettings settings;
  private final GcpClients gcp;
  private final boolean dryRun;
  private List<Instance> listed;
  private Instant listedAt = Instant.EPOCH;

  GcpFleet(String cloud, GcpSettings settings, GcpClients gcp, boolean dryRun) {
    this.cloud = cloud;
    this.settings = settings;
    this.gcp = gcp;
    this.dryRun = dryRun;
  }

  void checkSelector() {
    if (instances().isEmpty()) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': no Compute Engine instance matches "
              + settings.selector()
              + "; check the labels, the group's name and its zone or region");
    }
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public synchronized List<Instance> instances() {
    if (listed != null
        && Duration.between(listedAt, Instant.now()).compareTo(settings.pollInterval()) < 0) {
      return listed;
    }
    List<Instance> instances = new ArrayList<>();
    if (settings.instanceGroup() != null) {
      for (ManagedInstance managed : managed()) {
        String zone = segment(managed.getInstance(), "zones");
        String name = segment(managed.getInstance(), "instances");
        try {
          com.google.cloud.compute.v1.Instance found =
              call(
                  "compute.instances.get",
                  () -> gcp.instances().get(settings.project(), zone, name));
          if (hasLabels(found)) {
            instances.add(view(found));
          }
        } catch (FleetException e) {
          if (!(e.getCause() instanceof NotFoundException)) {
            throw e;
          }
          // deleted while the group was listed
        }
      }
    } else {
      AggregatedListInstancesRequest request =
          AggregatedListInstancesRequest.newBuilder()
              .setProject(settings.project())
              .setFilter(filter())
              .build();
      call(
          "compute.instances.list",
          () -> {
            for (Map.Entry<String, InstancesScopedList> zone :
                gcp.instances().aggregatedList(request).iterateAll()) {
              zone.getValue().getInstancesList().stream()
                  .filter(this::hasLabels)
                  .map(this::view)
                  .forEach(instances::add);
            }
            return null;
          });
    }
    instances.sort(Comparator.comparing(Instance::id));
    listed = List.copyOf(instances);
    listedAt = Instant.now();
    return listed;
  }

  private String filter() {
    List<String> terms = new ArrayList<>();
    new TreeMap<>(settings.labels())
        .forEach((k, v) -> terms.add("labels." + k + " = \"" + v + "\""));
    return String.join(" AND ", terms);
  }

  private boolean hasLabels(com.google.cloud.compute.v1.Instance instance) {
    return settings.labels().entrySet().stream()
        .allMatch(l -> l.getValue().equals(instance.getLabelsMap().get(l.getKey())));
  }

  private List<ManagedInstance> managed() {
    List<ManagedInstance> managed = new ArrayList<>();
    if (settings.zone() != null) {
      call(
          "compute.instanceGroupManagers.get",
          () -> {
            gcp.groups()
                .listManagedInstances(settings.project(), settings.zone(), settings.instanceGroup())
                .iterateAll()
                .forEach(managed::add);
            return null;
          });
    } else {
      call(
          "compute.regionInstanceGroupManagers.get",
          () -> {
            gcp.regionGroups()
                .listManagedInstances(
                    settings.project(), settings.region(), settings.instanceGroup())
                .iterateAll()
                .forEach(managed::add);
            return null;
          });
    }
    return managed;
  }

  private Instance view(com.google.cloud.compute.v1.Instance instance) {
    Map<String, String> labels = new TreeMap<>(instance.getLabelsMap());

    String ip = null;
    if (instance.getNetworkInterfacesCount() > 0) {
      var network = instance.getNetworkInterfaces(0);
      ip =
          settings.address() == GcpSettings.AddressKind.PUBLIC
              ? (network.getAccessConfigsCount() > 0
                  ? network.getAccessConfigs(0).getNatIP()
                  : null)
              : network.getNetworkIP();
    }
    return new Instance(
        instance.getName(),
        cloud,
        segment(instance.getZone(), "zones"),
        ip == null || ip.isEmpty()
            ? URI.create("http://0.0.0.0")
            : URI.create("http://" + ip + ":" + settings.port()),
        state(instance.getStatus()),
        Map.copyOf(labels),
        Map.of("machine-type", segment(instance.getMachineType(), "machineTypes")));
  }

  // Compute's TERMINATED is a stopped instance; a deleted one is simply gone.
  private static InstanceState state(String status) {
    return switch (status) {
      case "PROVISIONING", "STAGING" -> InstanceState.STARTING;
      case "RUNNING" -> InstanceState.RUNNING;
      case "STOPPING", "SUSPENDING", "SUSPENDED", "TERMINATED" -> InstanceState.STOPPED;
      default -> InstanceState.TERMINATED;
    };
  }

  /** The segment after {@code key} in a resource URL: zones/<zone>, instances/<name>. */
  private static String segment(String url, String key) {
    String[] parts = url == null ? new String[0] : url.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals(key)) {
        return parts[i + 1];
      }
    }
    return url == null ? "" : url;
  }

  @Override
  public void kill(Instance instance) {
    mutating("delete " + instance.id());
    await(
        "compute.instances.delete",
        instance,
        () -> gcp.instances().deleteAsync(settings.project(), instance.zone(), instance.id()));
  }

  @Override
  public void stop(Instance instance) {
    mutating("stop " + instance.id());
    await(
        "compute.instances.stop",
        instance,
        () -> gcp.instances().stopAsync(settings.project(), instance.zone(), instance.id()));
  }

  @Override
  public void start(Instance instance) {
    mutating("start " + instance.id());
    await(
        "compute.instances.start",
        instance,
        () -> gcp.instances().startAsync(settings.project(), instance.zone(), instance.id()));
  }

  @Override
  public void reboot(Instance instance) {
    mutating("reset " + instance.id());
    await(
        "compute.instances.reset",
        instance,
        () -> gcp.instances().resetAsync(settings.project(), instance.zone(), instance.id()));
  }

  private void await(
      String permission, Instance instance, Supplier<OperationFuture<Operation, Operation>> start) {
    Operation operation;
    OperationFuture<Operation, Operation> future = null;
    try {
      future = start.get();
      operation = future.get(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ApiException e) {
      throw translate(permission, e);
    } catch (ExecutionException e) {
      // The client reports a failed operation by its HTTP status alone; the operation says why.
      Operation failed = future == null ? null : failedOperation(future, instance.zone());
      if (failed != null) {
        operation = failed;
      } else if (e.getCause() instanceof ApiException api) {
        throw translate(permission, api);
      } else {
        throw new FleetException(
            "cloud '"
                + cloud
                + "': "
                + permission
                + " on "
                + instance.id()
                + " failed: "
                + e.getCause(),
            e);
      }
    } catch (TimeoutException e) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + permission
              + " on "
              + instance.id()
              + " did not finish within "
              + settings.operationTimeout().toSeconds()
              + " s (operationTimeout)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while waiting for cloud '" + cloud + "'", e);
    } finally {
      synchronized (this) {
        listed = null;
      }
    }
    if (operation.hasError() && operation.getError().getErrorsCount() > 0) {
      throw new FleetException(
          "cloud '"
              + cloud
              + "': "
              + permission
              + " on "
              + instance.id()
              + " failed: "
              + String.join(
                  "; ",
                  operation.getError().getErrorsList().stream()
                      .map(e -> e.getCode() + ": " + e.getMessage())
                      .toList()));
    }
  }

  private Operation failedOperation(OperationFuture<Operation, Operation> future, String zone) {
    try {
      Operation operation = gcp.operations().get(settings.project(), zone, future.getName());
      return operation.hasError() ? operation : null;
    } catch (ApiException | ExecutionException unreadable) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public Duration awaitHealthy(int count, Duration timeout) {
    return HealthWait.until(cloud, count, timeout, settings.pollInterval(), () -> healthy(count));
  }

  private String healthy(int count) {
    if (settings.instanceGroup() != null) {
      long ready =
          managed().stream()
              .filter(m -> "RUNNING".equals(m.getInstanceStatus()))
              .filter(m -> "NONE".equals(m.getCurrentAction()))
              .filter(
                  m ->
                      m.getInstanceHealthList().isEmpty()
                          || m.getInstanceHealthList().stream()
                              .allMatch(h -> "HEALTHY".equals(h.getDetailedHealthState())))
              .count();
      return ready >= count
          ? null
          : ready
              + " of "
              + count
              + " running, healthy and settled in group "
              + settings.instanceGroup();
    }
    synchronized (this) {
      listed = null;
    }
    long running = instances().stream().filter(i -> i.state() == InstanceState.RUNNING).count();
    return running >= count ? null : running + " of " + count + " running";
  }

  private <T> T call(String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw translate(permission, e);
    }
  }

  private FleetException translate(String permission, ApiException e) {
    if (e instanceof PermissionDeniedException
        || e.getStatusCode().getCode().getHttpStatusCode() == 403) {
      return new FleetException(
          "cloud '"
              + cloud
              + "': Google Cloud denied "
              + permission
              + ": grant the permission "
              + permission
              + " (in roles/compute.instanceAdmin.v1) to the account Shakedown runs as, on project "
              + settings.project(),
          e);
    }
    return new FleetException(
        "cloud '" + cloud + "': " + permission + " failed: " + e.getMessage(), e);
  }

  private void mutating(String action) {
    if (dryRun) {
      throw new IllegalStateException("a dry run must not " + action + " in cloud " + cloud);
    }
  }

  @Override
  public void close() {
    gcp.close();
  }
}
