package dev.shakedown.fleet.kubernetes;

import dev.shakedown.fleet.CloudApiProvider;
import dev.shakedown.kubernetes.KubernetesAccess;

/** {@code provider: kubernetes}: the pods of a namespace that carry the given labels. */
public final class KubernetesProvider extends CloudApiProvider<KubernetesSettings> {
  public KubernetesProvider() {
    super(
        "kubernetes",
        KubernetesSettings.class,
        (cloud, settings, dryRun, serveTimeout) ->
            new KubernetesFleet(
                cloud,
                settings,
                KubernetesAccess.connect(
                    settings.kubeconfig(), settings.context(), "cloud '" + cloud + "'"),
                dryRun,
                serveTimeout));
  }
}
