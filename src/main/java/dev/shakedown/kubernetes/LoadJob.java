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
  /**
   * Set by the Job controller on its pods in every version (batch.kubernetes.io/job-name: 1.27+).
   */
  static final String JOB_NAME_LABEL = "job-name";

  /** An annotation since 1.21 (a label too from 1.28): the pod's completion index. */
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

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
        // A worker speaks to the deployment only: no token of the cluster's, no privilege, so that
        // a namespace that enforces the "restricted" Pod Security Standard runs it.
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("worker")
        .withImage(image)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
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

  /**
   * Creates the Job, then the Secret with the plan, owned by the Job: the garbage collector deletes
   * it with the Job (its TTL after a run that died included). Until the Secret is there, the
   * kubelet waits to start the pods.
   */
  static void create(KubernetesClient client, Job job, String plan) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    Job created =
        call(
            client,
            "create",
            "jobs",
            namespace,
            () -> client.batch().v1().jobs().inNamespace(namespace).resource(job).create());
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
                        .addNewOwnerReference()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(name)
                        .withUid(created.getMetadata().getUid())
                        .endOwnerReference()
                        .endMetadata()
                        .addToStringData(PLAN_KEY, plan)
                        .build())
                .create());
  }

  /**
   * Deletes the Job, its pods at once (they would go on sending until the garbage collector got to
   * them) and its Secret, and reads back that the Job and Secret are gone.
   *
   * @return what was done, for the evidence
   */
  static String delete(KubernetesClient client, String namespace, String name) {
    java.util.List<String> failed = new java.util.ArrayList<>();
    // The Secret first: it holds the load's headers, and must not outlive a step that fails.
    attempt(
        failed,
        () ->
            call(
                client,
                "delete",
                "secrets",
                namespace,
                () -> client.secrets().inNamespace(namespace).withName(name).delete()));
    attempt(
        failed,
        () ->
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
                        .delete()));
    // The garbage collector deletes the pods with the Job, in its own time: deleted here too, so
    // that they stop sending now. Where the user may not, the collector's time it is.
    String pods = "its pods";
    try {
      client
          .pods()
          .inNamespace(namespace)
          .withLabel(JOB_NAME_LABEL, name)
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      pods = "its pods left to the garbage collector (" + e.getCode() + ")";
    }
    if (!failed.isEmpty()) {
      throw new ShakedownException(String.join("; ", failed));
    }
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
    return "deleted Job "
        + namespace
        + "/"
        + name
        + ", "
        + pods
        + " and its Secret (read back: Job and Secret gone)";
  }

  private static void attempt(java.util.List<String> failed, Runnable step) {
    try {
      step.run();
    } catch (ShakedownException e) {
      failed.add(e.getMessage());
    }
  }

  /** What a sweep does with a Job a dead run left: deletes it, from the ledger's fields alone. */
  public static String sweep(LedgerEntry.LoadJob entry) {
    try (KubernetesClient client =
        KubernetesAccess.connect(entry.kubeconfig(), entry.context(), "load.kubernetes")) {
      String now = KubernetesAccess.apiOf(client);
      if (entry.api() != null && !entry.api().equals(now)) {
        throw new ShakedownException(
            "Job "
                + entry.namespace()
                + "/"
                + entry.job()
                + " was created in the cluster at "
                + entry.api()
                + ", but the kubeconfig now reaches "
                + now
                + "; sweep with the kubeconfig and context of that cluster, or kubectl delete"
                + " job,secret "
                + entry.job()
                + " -n "
                + entry.namespace()
                + " there");
      }
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
