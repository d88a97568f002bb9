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
import java.io.BufferedReader;
import java.io.StringReader;
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
                KubernetesAccess.apiOf(client),
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

    PodWorker(int index) {
      this.index = index;
    }

    @Override
    public String where() {
      return pod == null ? "index " + index + " of Job " + name : "pod " + pod;
    }

    /**
     * Waits for the pod to finish, then reads its log whole (the pod log API); empty when the Job
     * is gone first. Seen running on the way, it counts as started.
     */
    @Override
    public BufferedReader output() {
      Optional<Pod> finished =
          dev.shakedown.poll.Poll.within(settings.startAfter().plus(runFor).plusMinutes(1))
              .every(Duration.ofSeconds(1))
              .until(
                  () -> {
                    if (!job.state().open()) {
                      return Optional.of(NONE);
                    }
                    Optional<Pod> now = find();
                    now.filter(p -> List.of("Running", "Succeeded", "Failed").contains(phase(p)))
                        .ifPresent(p -> pod = p.getMetadata().getName());
                    return now.filter(p -> List.of("Succeeded", "Failed").contains(phase(p)));
                  });
      if (finished.isEmpty() || finished.get() == NONE) {
        return new BufferedReader(new StringReader(""));
      }
      pod = finished.get().getMetadata().getName();
      String log = client.pods().inNamespace(settings.namespace()).withName(pod).getLog();
      return new BufferedReader(new StringReader(log == null ? "" : log));
    }

    @Override
    public boolean started() {
      return pod != null;
    }

    private Optional<Pod> find() {
      return client
          .pods()
          .inNamespace(settings.namespace())
          .withLabel(LoadJob.JOB_NAME_LABEL, name)
          .list()
          .getItems()
          .stream()
          .filter(
              p ->
                  p.getMetadata().getAnnotations() != null
                      && Integer.toString(index)
                          .equals(p.getMetadata().getAnnotations().get(LoadJob.INDEX_ANNOTATION)))
          .findFirst();
    }

    private static String phase(Pod pod) {
      return pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
    }

    @Override
    public boolean send(String line) {
      return false;
    }

    /** Its pod's phase and why its container waits (ImagePullBackOff, ...), or that it has none. */
    @Override
    public String ended() {
      try {
        Optional<Pod> now = find();
        if (now.isEmpty()) {
          return "(index "
              + index
              + " of Job "
              + name
              + ") has no pod; kubectl describe job "
              + name
              + " -n "
              + settings.namespace()
              + " says why";
        }
        Pod found = now.get();
        StringBuilder said =
            new StringBuilder("(pod ")
                .append(found.getMetadata().getName())
                .append(") ")
                .append(found.getStatus() == null ? "?" : found.getStatus().getPhase());
        if (found.getStatus() != null && found.getStatus().getContainerStatuses() != null) {
          found.getStatus().getContainerStatuses().stream()
              .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
              .findFirst()
              .ifPresent(
                  c ->
                      said.append(", waiting: ")
                          .append(c.getState().getWaiting().getReason())
                          .append(
                              c.getState().getWaiting().getMessage() == null
                                  ? ""
                                  : " (" + c.getState().getWaiting().getMessage() + ")"));
        }
        return said.toString();
      } catch (RuntimeException e) {
        return "(" + where() + ") ended";
      }
    }

    @Override
    public void stop() {}
  }
}
