package dev.shakedown.kubernetes;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.LoadJobSettings;
import dev.shakedown.poll.Poll;
import dev.shakedown.undo.LedgerEntry;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;

/**
 * The Indexed Job that runs a distributed load's workers: one pod per worker, each told its share
 * by its completion index, its plan in a Secret of the same name (it holds the load's headers). The
 * Job is bounded in time ({@code activeDeadlineSeconds}) so that workers whose coordinator died
 * stop by themselves; deleting it deletes its pods at once.
 */
public final class LoadJob {
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
  static final String PLAN_KEY = "plan";
  static final String PLAN_VARIABLE = "SHAKEDOWN_WORKER_PLAN";

  private LoadJob() {}

  /**
   * @param deadline how long the Job may run at most: its start, warm-up and schedule, with margin
   */
  static Job spec(
      String name, String image, LoadJobSettings settings, int workers, Duration deadline) {
    Map<String, Quantity> resources =
        Map.of("cpu", new Quantity(settings.cpu()), "memory", new Quantity(settings.memory()));
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(settings.namespace())
        .addToLabels("app.kubernetes.io/name", "shakedown-load")
        .addToLabels("app.kubernetes.io/managed-by", "shakedown")
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(workers)
        .withParallelism(workers)
        // A worker started again would send its share from the middle: a failed one stays failed.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(deadline.toSeconds())
        .withTtlSecondsAfterFinished((int) settings.keepFinished().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/name", "shakedown-load")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("worker")
        .withImage(image)
        .addNewEnv()
        .withName(PLAN_VARIABLE)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(name)
        .withKey(PLAN_KEY)
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .withRequests(resources)
        .withLimits(resources)
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Creates the Secret with the plan, then the Job that reads it. */
  static void create(KubernetesClient client, Job job, String plan) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    call(
        client,
        "create",
        "secrets",
        namespace,
        () ->
            client
                .secrets()
                .inNamespace(namespace)
                .resource(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "shakedown")
                        .endMetadata()
                        .addToStringData(PLAN_KEY, plan)
                        .build())
                .create());
    call(
        client,
        "create",
        "jobs",
        namespace,
        () -> client.batch().v1().jobs().inNamespace(namespace).resource(job).create());
  }

  /**
   * Deletes the Job, its pods at once (they would go on sending until the garbage collector got to
   * them) and its Secret, and reads back that the Job and Secret are gone.
   *
   * @return what was done, for the evidence
   */
  static String delete(KubernetesClient client, String namespace, String name) {
    call(
        client,
        "delete",
        "jobs",
        namespace,
        () ->
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete());
    call(
        client,
        "delete",
        "pods",
        namespace,
        () ->
            client
                .pods()
                .inNamespace(namespace)
                .withLabel(JOB_NAME_LABEL, name)
                .withGracePeriod(0)
                .delete());
    call(
        client,
        "delete",
        "secrets",
        namespace,
        () -> client.secrets().inNamespace(namespace).withName(name).delete());
    boolean gone =
        Poll.within(Duration.ofSeconds(30))
            .every(Duration.ofMillis(200))
            .until(
                () ->
                    client.batch().v1().jobs().inNamespace(namespace).withName(name).get() == null
                        && client.secrets().inNamespace(namespace).withName(name).get() == null);
    if (!gone) {
      throw new ShakedownException(
          "Job "
              + namespace
              + "/"
              + name
              + " or its Secret is still there 30 s after its deletion; kubectl delete job,secret "
              + name
              + " -n "
              + namespace);
    }
    return "deleted Job " + namespace + "/" + name + ", its pods and its Secret (read back: gone)";
  }

  /** What a sweep does with a Job a dead run left: deletes it, from the ledger's fields alone. */
  public static String sweep(LedgerEntry.LoadJob entry) {
    try (KubernetesClient client =
        KubernetesAccess.connect(entry.kubeconfig(), entry.context(), "load.kubernetes")) {
      return delete(client, entry.namespace(), entry.job());
    }
  }

  static <T> T call(
      KubernetesClient client,
      String verb,
      String resource,
      String namespace,
      java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new ShakedownException(
          "load.kubernetes: " + KubernetesAccess.explain(e, client, verb, resource, namespace));
    }
  }
}
