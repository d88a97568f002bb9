package dev.shakedown.fleet.kubernetes;

import dev.shakedown.config.Doc;
import dev.shakedown.config.SettingException;
import dev.shakedown.fleet.Selection;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

@Doc(
    "provider 'kubernetes': the pods of one namespace that carry the given labels, as kubectl get pods -n NAMESPACE -l LABELS lists them.")
public record KubernetesSettings(
    @Doc(
            value =
                "The kubeconfig file; default: $KUBECONFIG, else ~/.kube/config, else the pod's own service account when Shakedown runs in the cluster.",
            example = "~/.kube/config")
        String kubeconfig,
    @Doc(value = "The kubeconfig's context; default: its current one.", example = "prod-eu")
        String context,
    @Doc(value = "The namespace of the pods.", required = true, example = "donations")
        String namespace,
    @Doc(
            value = "Labels every selected pod carries (equality, all of them).",
            required = true,
            example = "{ app: donations }")
        Map<String, String> labels,
    @Doc(
            value =
                "The port a pod serves on, for checks of one instance; default: none (the deployment's endpoint is what is checked).",
            example = "8080")
        Integer port,
    @Doc(value = "How often the pods are listed while waiting.", example = "2s")
        Duration pollInterval) {

  public KubernetesSettings {
    if (namespace == null || namespace.isBlank()) {
      throw new SettingException(
          "namespace",
          "a kubernetes cloud needs the namespace of its pods",
          "add namespace:, as kubectl get pods -n NAMESPACE would use");
    }
    if (labels == null || labels.isEmpty()) {
      throw new SettingException(
          "labels",
          "a kubernetes cloud needs the labels that select its pods",
          "add labels:, e.g. { app: donations }, as kubectl get pods -l app=donations would use");
    }
    labels = Map.copyOf(labels);
    pollInterval = Selection.pollInterval(pollInterval);
  }

  /** {@code app=donations,tier=web}, as kubectl's -l takes them. */
  String selector() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }
}
