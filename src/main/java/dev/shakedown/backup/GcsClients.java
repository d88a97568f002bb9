package dev.shakedown.backup;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;

/**
 * The one way Shakedown opens a Cloud Storage client, with the application default credentials: for
 * the backup stores and for the history.
 */
public final class GcsClients {
  private GcsClients() {}

  /**
   * @param endpoint another endpoint than Google's (a stand-in); null for Google's
   */
  public static Storage open(URI endpoint) {
    StorageOptions.Builder options = StorageOptions.http();
    if (endpoint != null) {
      options.setHost(endpoint.toString());
    }
    return options.build().getService();
  }
}
