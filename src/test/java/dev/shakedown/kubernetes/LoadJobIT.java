package dev.shakedown.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.shakedown.config.LoadJobSettings;
import dev.shakedown.config.LoadSettings;
import dev.shakedown.config.Secret;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RequestTemplate;
import dev.shakedown.traffic.workers.DistributedLoad;
import dev.shakedown.traffic.workers.LoadWorker;
import dev.shakedown.traffic.workers.WorkerPlan;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Ledger;
import dev.shakedown.undo.Undo;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes load engine against fabric8's mock API server, the test playing the Job controller
 * and the kubelet: each pod runs a real worker on the plan the Job's Secret holds, and its output
 * is what the pod log API serves.
 */
class LoadJobIT {
  private static final String NAMESPACE = "load";
  @TempDir Path dir;
  private KubernetesMockServer server;
  private KubernetesClient admin;
  private HttpServer endpoint;
  private Watch jobs;
  private final AtomicBoolean runPods = new AtomicBoolean(true);

  @BeforeEach
  void start() throws Exception {
    server = dev.shakedown.testing.MockKubernetes.start();
    admin = server.createClient();
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    endpoint.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    endpoint.setExecutor(Executors.newFixedThreadPool(8));
    endpoint.start();
    jobs =
        admin
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED && runPods.get()) {
                      new Thread(() -> runJob(job)).start();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  @AfterEach
  void stop() {
    jobs.close();
    admin.close();
    server.destroy();
    endpoint.stop(0);
  }

  /**
   * The Job controller and the kubelet: a pod per completion index, labelled as the controller
   * labels it, running a real worker on the Secret's plan with JOB_COMPLETION_INDEX; once it has
   * written its figures, its log serves them and the pod has Succeeded.
   */
  private void runJob(Job job) {
    String name = job.getMetadata().getName();
    // The Secret follows the Job, owned by it.
    var secret =
        dev.shakedown.poll.Poll.within(Duration.ofSeconds(5))
            .every(Duration.ofMillis(20))
            .until(
                () ->
                    java.util.Optional.ofNullable(
                        admin.secrets().inNamespace(NAMESPACE).withName(name).get()))
            .orElseThrow();
    String plan =
        secret.getStringData() != null && secret.getStringData().containsKey("plan")
            ? secret.getStringData().get("plan")
            : new String(
                java.util.Base64.getDecoder().decode(secret.getData().get("plan")),
                StandardCharsets.UTF_8);
    for (int i = 0; i < job.getSpec().getCompletions(); i++) {
      int index = i;
      String pod = name + "-" + index + "-x7k2p";
      admin
          .pods()
          .inNamespace(NAMESPACE)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .addToLabels(LoadJob.JOB_NAME_LABEL, name)
                  .addToLabels("batch.kubernetes.io/job-name", name)
                  .addToAnnotations(LoadJob.INDEX_ANNOTATION, Integer.toString(index))
                  .endMetadata()
                  .withNewStatus()
                  .withPhase("Pending")
                  .endStatus()
                  .build())
          .create();
      new Thread(
              () -> {
                admin
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withName(pod)
                    .editStatus(
                        p ->
                            new PodBuilder(p)
                                .editStatus()
                                .withPhase("Running")
                                .endStatus()
                                .build());
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                try {
                  LoadWorker.run(
                      WorkerPlan.fromJson(plan).asWorker(index),
                      null,
                      new PrintStream(output, true, StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                  return;
                }
                server
                    .expect()
                    .get()
                    .withPath(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false")
                    .andReturn(200, output.toString(StandardCharsets.UTF_8))
                    .always();
                admin
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withName(pod)
                    .editStatus(
                        p ->
                            new PodBuilder(p)
                                .editStatus()
                                .withPhase("Succeeded")
                                .endStatus()
                                .build());
              })
          .start();
    }
  }

  private LoadSettings load() throws Exception {
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster: { server: "http://127.0.0.1:%d" }
            users:
            - name: shakedown
              user: { token: a-token }
            contexts:
            - name: stand-in
              context: { cluster: stand-in, user: shakedown }
            current-context: stand-in
            """
                .formatted(URI.create(server.url("/")).getPort()));
    return new LoadSettings(
        "POST",
        "/donations",
        Map.of("Authorization", new Secret("Bearer the-deployments-token")),
        "{\"amount\": {random:1-100}}",
        null,
        null,
        8,
        null,
        null,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        null,
        null,
        null,
        2,
        "kubernetes",
        "registry.example.org/shakedown:0.1.0",
        new LoadJobSettings(
            kubeconfig.toString(),
            null,
            NAMESPACE,
            "2",
            "512Mi",
            Duration.ofMinutes(10),
            Duration.ofSeconds(5)));
  }

  @Test
  void should_run_the_workers_as_an_indexed_job_and_merge_what_their_pods_logs_say()
      throws Exception {
    LoadSettings load = load();
    RequestTemplate template =
        new RequestTemplate(
            URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort()), load);
    RateSchedule schedule = RateSchedule.constant(100, Duration.ofSeconds(2));
    Undo undo = Undo.of(Ledger.open(dir.resolve("reports"), "run-1"));
    KubernetesJobWorkers engine = new KubernetesJobWorkers(load, undo, schedule.duration());

    DistributedLoad started =
        DistributedLoad.start(engine, 2, template.endpoint(), template, schedule, 100, line -> {});
    Job job = admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().get(0);
    LoadResult result = started.await();

    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(2);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isBetween(120L, 200L);
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example.org/shakedown:0.1.0");
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
        .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"));
    assertThat(container.getResources().getLimits())
        .isEqualTo(container.getResources().getRequests());
    assertThat(container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(job.getMetadata().getName());
    assertThat(job.toString()).doesNotContain("the-deployments-token");

    assertThat(result.planned()).isEqualTo(200);
    assertThat(result.sent()).isEqualTo(200);
    assertThat(result.succeeded()).isEqualTo(200);
    assertThat(result.workers())
        .extracting(LoadResult.WorkerFigures::where)
        .containsExactly(
            "pod " + job.getMetadata().getName() + "-0-x7k2p",
            "pod " + job.getMetadata().getName() + "-1-x7k2p");
    assertThat(started.started()).isAfter(java.time.Instant.now().minusSeconds(10));
    assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
        .as("the Job, deleted once its figures were read")
        .isEmpty();
    assertThat(admin.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(admin.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void should_refuse_the_load_naming_a_pod_that_did_not_run_by_the_agreed_start() throws Exception {
    runPods.set(false);
    LoadSettings load = load();
    RequestTemplate template = new RequestTemplate(endpoint(), load);
    Undo undo = Undo.of(Ledger.open(dir.resolve("reports"), "run-1"));

    assertThatThrownBy(
            () ->
                DistributedLoad.start(
                    new KubernetesJobWorkers(load, undo, Duration.ofSeconds(2)),
                    2,
                    template.endpoint(),
                    template,
                    RateSchedule.constant(100, Duration.ofSeconds(2)),
                    0,
                    line -> {}))
        .isInstanceOf(dev.shakedown.ShakedownException.class)
        .hasMessageStartingWith(
            "load workers not ready (each was to be running by the agreed start): worker 1"
                + " (index 0 of Job shakedown-load-")
        .hasMessageContaining(") has no pod; kubectl describe job shakedown-load-");
    assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
        .as("deleted: no load will be sent")
        .isEmpty();
    assertThat(undo.open()).isEmpty();
  }

  @Test
  void should_delete_the_job_when_the_run_reverts_on_ctrl_c_and_a_sweep_when_it_died()
      throws Exception {
    runPods.set(false); // pods that never run: the load is still waiting when the run ends
    LoadSettings load = load();
    RequestTemplate template = new RequestTemplate(endpoint(), load);
    RateSchedule schedule = RateSchedule.constant(100, Duration.ofSeconds(2));
    Undo undo = Undo.of(Ledger.open(dir.resolve("reports"), "run-1"));
    var starting =
        java.util.concurrent.CompletableFuture.runAsync(
            () ->
                DistributedLoad.start(
                    new KubernetesJobWorkers(load, undo, schedule.duration()),
                    2,
                    template.endpoint(),
                    template,
                    schedule,
                    0,
                    line -> {}));
    assertThat(
            dev.shakedown.poll.Poll.within(Duration.ofSeconds(5))
                .every(Duration.ofMillis(20))
                .until(
                    () ->
                        !undo.open().isEmpty()
                            && admin.secrets().inNamespace(NAMESPACE).list().getItems().size()
                                == 1))
        .as("the Job and its Secret created, and recorded")
        .isTrue();
    Handle job = undo.open().get(0);
    assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).hasSize(1);

    undo.revertAll(); // what a Ctrl-C does with the run's handles

    assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(admin.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(job.state()).isEqualTo(Handle.State.REVERTED);
    assertThatThrownBy(starting::join).hasMessageContaining("load workers not ready");

    // A run killed outright: its ledger entry alone is enough to delete what it left.
    Undo dead = Undo.of(Ledger.open(dir.resolve("reports"), "run-2"));
    new KubernetesJobWorkers(load, dead, schedule.duration())
        .start(List.of(WorkerPlan.of(0, 1, template.endpoint(), load, schedule, 0, 1L)));
    var entry = (dev.shakedown.undo.LedgerEntry.LoadJob) dead.open().get(0).entry();
    assertThat(entry.api()).isEqualTo("http://127.0.0.1:" + URI.create(server.url("/")).getPort());
    assertThat(LoadJob.sweep(entry)).startsWith("deleted Job load/shakedown-load-");
    assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(admin.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort());
  }
}
