package dev.shakedown.config;

import java.time.Duration;

@Doc(
    "The Kubernetes Indexed Job that load.engine: kubernetes runs its workers in: one pod per worker, each told its share by its completion index.")
public record LoadJobSettings(
    @Doc(
            value =
                "The kubeconfig file; default: $KUBECONFIG, else ~/.kube/config, else the pod's own service account when Shakedown runs in a cluster.",
            example = "~/.kube/config")
        String kubeconfig,
    @Doc(value = "The kubeconfig's context; default: its current one.", example = "load-eu")
        String context,
    @Doc(value = "The namespace of the Job.", required = true, example = "load") String namespace,
    @Doc(value = "CPU each worker requests, and is limited to.", example = "2") String cpu,
    @Doc(value = "Memory each worker requests, and is limited to.", example = "512Mi")
        String memory,
    @Doc(
            value =
                "How long the cluster keeps a finished Job (ttlSecondsAfterFinished); Shakedown deletes it itself once its figures are read.",
            example = "10m")
        Duration keepFinished,
    @Doc(
            value =
                "How long the pods have to be scheduled, pull the image and warm up before the agreed start; a worker that starts later is late, and the result is refused, naming it.",
            example = "90s")
        Duration startAfter) {

  public LoadJobSettings {
    if (namespace == null || namespace.isBlank()) {
      throw new SettingException(
          "namespace", "load.kubernetes needs the Job's namespace", "add namespace:, e.g. load");
    }
    if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new SettingException(
          "namespace",
          "'" + namespace + "' is not a namespace's name",
          "lower-case letters, digits and '-', as kubectl get namespaces lists them");
    }
    cpu = quantity("cpu", cpu == null ? "1" : cpu, "2, 500m");
    memory = quantity("memory", memory == null ? "512Mi" : memory, "512Mi, 2Gi");
    keepFinished = keepFinished == null ? Duration.ofMinutes(10) : keepFinished;
    if (keepFinished.isNegative()) {
      throw new SettingException("keepFinished", "keepFinished is negative", "say 0s or more");
    }
    startAfter = startAfter == null ? Duration.ofSeconds(60) : startAfter;
    if (startAfter.compareTo(Duration.ofSeconds(5)) < 0) {
      throw new SettingException(
          "startAfter",
          "startAfter: "
              + Durations.format(startAfter)
              + " leaves the pods no time to be scheduled and start",
          "say 5s at least; 60s (the default) or more where the image is pulled");
    }
  }

  /** A Kubernetes quantity, as a container's resources take it. */
  private static String quantity(String key, String value, String examples) {
    if (!value.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")) {
      throw new SettingException(
          key, "'" + value + "' is not a Kubernetes quantity", "write it as in " + examples);
    }
    return value;
  }
}
