package dev.shakedown.fleet.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.testing.Readme;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's list of Compute permissions is exactly what the gcp provider calls. */
class GcpPermissionsIT {
  @TempDir Path dir;
  private final ComputeEngine compute =
      new ComputeEngine()
          .group("donations-zonal", "zonal", "europe-west2-a", "europe-west2-a")
          .regionalGroup("donations-regional", "europe-west2", "europe-west2-a", "europe-west2-b")
          .standalone("loner", "europe-west2-c");
  private WireMockServer server;

  @BeforeEach
  void start() {
    compute.stopping = 200;
    compute.staging = 200;
    compute.groupOperation = 200;
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(compute));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(ComputeEngine.NAME)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Fleet open(Map<String, String> labels, String group, String zone, String region) {
    GcpSettings settings =
        new GcpSettings(
            ComputeEngine.PROJECT,
            labels,
            group,
            zone,
            region,
            null,
            8080,
            null,
            URI.create(server.baseUrl()),
            Duration.ofSeconds(30),
            Duration.ofMillis(50));
    return dev.shakedown.testing.TestFleets.open(new GcpProvider(), "gcp-eu", settings, dir, false);
  }

  /** Stop, start, reset and kill one instance, and wait for the fleet to be whole again. */
  private static void exercise(Fleet fleet) {
    Instance first = fleet.instances().get(0);
    fleet.stop(first);
    fleet.start(first);
    fleet.reboot(first);
    if (fleet.replacesKilled(first)) {
      fleet.kill(first);
      fleet.awaitHealthy(2, Duration.ofSeconds(20));
    }
  }

  @Test
  void should_call_exactly_the_permissions_the_readme_lists() {
    try (Fleet zonal = open(Map.of(), "donations-zonal", "europe-west2-a", null)) {
      exercise(zonal);
    }
    try (Fleet regional = open(Map.of(), "donations-regional", null, "europe-west2")) {
      exercise(regional);
    }
    try (Fleet loner = open(Map.of("service", "donations"), null, null, null)) {
      Instance alone =
          loner.instances().stream().filter(i -> i.id().equals("loner-1")).findFirst().get();
      loner.stop(alone);
      loner.start(alone);
    }

    assertThat(called()).isEqualTo(readmePermissions());
  }

  private static final Pattern CALL =
      Pattern.compile(
          "(GET|POST|DELETE) /compute/v1/projects/[^/]+/(?:(aggregated/instances)|(zones|regions)/[^/]+/"
              + "(instances|instanceGroupManagers|operations)/[^/?]+(?:/([A-Za-z]+))?)");

  /** Every request the stand-in answered, as the IAM permission Compute checks for it. */
  private Set<String> called() {
    Set<String> permissions = new TreeSet<>();
    server
        .getAllServeEvents()
        .forEach(
            event -> {
              String call =
                  event.getRequest().getMethod().getName()
                      + " "
                      + event.getRequest().getUrl().split("\\?")[0];
              Matcher m = CALL.matcher(call);
              if (!m.matches()) {
                throw new AssertionError("a call this test does not know: " + call);
              }
              permissions.add(permission(m));
            });
    return permissions;
  }

  private static String permission(Matcher m) {
    if (m.group(2) != null) {
      return "compute.instances.list";
    }
    String scope = m.group(3);
    String kind = m.group(4);
    String verb = m.group(5);
    return switch (kind) {
      case "operations" ->
          scope.equals("zones") ? "compute.zoneOperations.get" : "compute.regionOperations.get";
      // Zonal and regional groups alike (IAM: compute.instanceGroupManagers.*).
      case "instanceGroupManagers" ->
          "listManagedInstances".equals(verb)
              ? "compute.instanceGroupManagers.list"
              : "compute.instanceGroupManagers.update";
      default ->
          m.group(1).equals("DELETE")
              ? "compute.instances.delete"
              : verb == null ? "compute.instances.get" : "compute.instances." + verb;
    };
  }

  private static Set<String> readmePermissions() {
    Set<String> permissions = new TreeSet<>();
    Matcher m =
        Pattern.compile("`(compute\\.[A-Za-z]+\\.[A-Za-z]+)`")
            .matcher(Readme.section("### Google Cloud"));
    while (m.find()) {
      permissions.add(m.group(1));
    }
    return permissions;
  }
}
