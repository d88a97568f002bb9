package dev.shakedown.kubernetes;

import dev.shakedown.config.LoadJobSettings;
import dev.shakedown.config.LoadSettings;
import dev.shakedown.traffic.workers.WorkerEngine;
import dev.shakedown.traffic.workers.WorkerPlan;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.RevertFailedException;
import dev.shakedown.undo.Undo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code load.engine: kubernetes}: the workers as the pods of an Indexed Job ({@link LoadJob}),
 * recorded in the run's ledger before it is created and deleted when the load ends, on a halt, on
 * Ctrl-C, or by the next sweep if the run died. Each pod's output is read through the pod log API,
 * so nothing but the cluster's API is needed between the coordinator and its workers. No command
 * reaches a pod: every plan names its start, {@code startAfter} from now.
 */
public final class KubernetesJobWorkers implements WorkerEngine {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a wait for a pod gives when the Job is gone first. */
  private static final Pod NONE = new Pod();

  private final LoadSettings load;
  private final LoadJobSettings settings;
  private final Undo undo;
  private final Duration runFor;
  private KubernetesClient client;
  private String name;
  private Handle job;
  private final List<PodWorker> workers = new ArrayList<>();

  /**
   * @param undo where the Job is recorded: the run's own, so that a Ctrl-C or the next sweep
   *     deletes it
   * @param runFor how long the workers send after their start (the schedule), for the Job's
   *     deadline
   */
  public KubernetesJobWorkers(LoadSettings load, Undo undo, Duration runFor) {
    this.load = load;
    this.settings = load.kubernetes();
    this.undo = undo;
    this.runFor = runFor;
  }

  @Override
  public synchronized List<Worker> start(List<WorkerPlan> plans) {
    client = KubernetesAccess.connect(settings.kubeconfig(), settings.context(), "load.kubernetes");
    name = "shakedown-load-" + suffix();
    String namespace = settings.namespace();
    Duration deadline = settings.startAfter().plus(runFor).plus(load.timeout()).plusMinutes(2);
    var spec = LoadJob.spec(name, load.image(), settings, plans.size(), deadline);
    job =
        undo.apply(
            new LedgerEntry.LoadJob(
                "Job " + namespace + "/" + name + " of " + plans.size() + " load workers",
                settings.kubeconfig(),
                settings.context(),
                namespace,
                name),
            () -> LoadJob.create(client, spec, plans.get(0).toJson()),
            () -> LoadJob.delete(client, namespace, name));
    for (WorkerPlan plan : plans) {
      workers.add(new PodWorker(plan.index()));
    }
    return List.copyOf(workers);
  }

  /** Eight characters of a DNS label: a Job of its own per load. */
  private static String suffix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  @Override
  public boolean commandable() {
    return false;
  }

  @Override
  public Duration startAllowance() {
    return settings.startAfter();
  }

  @Override
  public boolean sharesThisMachine() {
    return false;
  }

  @Override
  public synchronized void close() {
    workers.forEach(PodWorker::stop);
    if (job != null) {
      try {
        job.revert();
      } catch (RevertFailedException kept) {
        // Still there: the ledger keeps it open, the run's end says so, and a sweep deletes it.
      }
    }
    if (client != null && (job == null || !job.state().open())) {
      client.close();
    }
  }

  /** The pod of one completion index, found once the Job controller has made it. */
  private final class PodWorker implements Worker {
    private final int index;
    private volatile String pod;
    private volatile LogWatch log;

    PodWorker(int index) {
      this.index = index;
    }

    @Override
    public String where() {
      return pod == null ? "index " + index + " of Job " + name : "pod " + pod;
    }

    /**
     * Waits for the pod to run (or to have run), then follows its log; empty when the Job is gone
     * first.
     */
    @Override
    public BufferedReader output() {
      Optional<Pod> running =
          dev.shakedown.poll.Poll.within(settings.startAfter().plus(runFor).plusMinutes(1))
              .every(Duration.ofSeconds(1))
              .until(() -> job.state().open() ? started() : Optional.of(NONE));
      if (running.isEmpty() || running.get() == NONE) {
        return new BufferedReader(new StringReader(""));
      }
      pod = running.get().getMetadata().getName();
      log = client.pods().inNamespace(settings.namespace()).withName(pod).watchLog();
      Reader reader = new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8);
      return new BufferedReader(reader);
    }

    private Optional<Pod> started() {
      return client
          .pods()
          .inNamespace(settings.namespace())
          .withLabel(LoadJob.JOB_NAME_LABEL, name)
          .withLabel(LoadJob.INDEX_LABEL, Integer.toString(index))
          .list()
          .getItems()
          .stream()
          .filter(
              p ->
                  p.getStatus() != null
                      && List.of("Running", "Succeeded", "Failed")
                          .contains(String.valueOf(p.getStatus().getPhase())))
          .findFirst();
    }

    @Override
    public boolean send(String line) {
      return false;
    }

    @Override
    public String ended() {
      if (pod == null) {
        return "(index " + index + " of Job " + name + ") never ran";
      }
      try {
        Pod now = client.pods().inNamespace(settings.namespace()).withName(pod).get();
        String phase =
            now == null || now.getStatus() == null ? "gone" : "phase " + now.getStatus().getPhase();
        return "(pod " + pod + ") ended, " + phase;
      } catch (RuntimeException e) {
        return "(pod " + pod + ") ended";
      }
    }

    @Override
    public void stop() {
      if (log != null) {
        log.close();
      }
    }
  }
}
