package dev.shakedown.fleet.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.compute.v1.InstanceGroupManagersClient;
import com.google.cloud.compute.v1.InstanceGroupManagersSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersClient;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersSettings;
import com.google.cloud.compute.v1.RegionOperationsClient;
import com.google.cloud.compute.v1.RegionOperationsSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import dev.shakedown.fleet.FleetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Compute clients of one gcp cloud (HTTP/JSON transport), with one set of credentials. */
record GcpClients(
    InstancesClient instances,
    InstanceGroupManagersClient groups,
    RegionInstanceGroupManagersClient regionGroups,
    ZoneOperationsClient operations,
    RegionOperationsClient regionOperations)
    implements AutoCloseable {

  static GcpClients of(String cloud, GcpSettings settings) {
    CredentialsProvider credentials = credentials(cloud, settings);
    try {
      InstancesSettings.Builder instances =
          InstancesSettings.newBuilder().setCredentialsProvider(credentials);
      InstanceGroupManagersSettings.Builder groups =
          InstanceGroupManagersSettings.newBuilder().setCredentialsProvider(credentials);
      RegionInstanceGroupManagersSettings.Builder regionGroups =
          RegionInstanceGroupManagersSettings.newBuilder().setCredentialsProvider(credentials);
      ZoneOperationsSettings.Builder operations =
          ZoneOperationsSettings.newBuilder().setCredentialsProvider(credentials);
      RegionOperationsSettings.Builder regionOperations =
          RegionOperationsSettings.newBuilder().setCredentialsProvider(credentials);
      if (settings.endpoint() != null) {
        instances.setEndpoint(settings.endpoint().toString());
        groups.setEndpoint(settings.endpoint().toString());
        regionGroups.setEndpoint(settings.endpoint().toString());
        operations.setEndpoint(settings.endpoint().toString());
        regionOperations.setEndpoint(settings.endpoint().toString());
      }
      return new GcpClients(
          InstancesClient.create(instances.build()),
          InstanceGroupManagersClient.create(groups.build()),
          RegionInstanceGroupManagersClient.create(regionGroups.build()),
          ZoneOperationsClient.create(operations.build()),
          RegionOperationsClient.create(regionOperations.build()));
    } catch (IOException e) {
      throw new FleetException(
          "cloud '" + cloud + "': cannot set up the Compute client: " + e.getMessage(), e);
    }
  }

  private static CredentialsProvider credentials(String cloud, GcpSettings settings) {
    if (settings.credentialsFile() != null) {
      Path file = Path.of(settings.credentialsFile());
      try (InputStream in = Files.newInputStream(file)) {
        return FixedCredentialsProvider.create(
            GoogleCredentials.fromStream(in)
                .createScoped("https://www.googleapis.com/auth/compute"));
      } catch (IOException e) {
        throw new FleetException(
            "cloud '"
                + cloud
                + "': cannot read the key file "
                + file
                + " (credentialsFile): "
                + e.getClass().getSimpleName());
      }
    }
    if (settings.endpoint() != null && "http".equals(settings.endpoint().getScheme())) {
      return NoCredentialsProvider.create(); // a local stand-in takes no credentials
    }
    return InstancesSettings.defaultCredentialsProviderBuilder().build();
  }

  @Override
  public void close() {
    instances.close();
    groups.close();
    regionGroups.close();
    operations.close();
    regionOperations.close();
  }
}
