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
    cpu = cpu == null ? "1" : cpu;
    memory = memory == null ? "512Mi" : memory;
    keepFinished = keepFinished == null ? Duration.ofMinutes(10) : keepFinished;
    startAfter = startAfter == null ? Duration.ofSeconds(60) : startAfter;
  }
}
