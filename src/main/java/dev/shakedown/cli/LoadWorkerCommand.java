package dev.shakedown.cli;

import dev.shakedown.traffic.workers.LoadWorker;
import dev.shakedown.traffic.workers.WorkerPlan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "load-worker",
    hidden = true,
    description = {
      "One worker of a distributed load (load.workers), started by a run: its plan on standard input,"
          + " or in SHAKEDOWN_WORKER_PLAN with its share in JOB_COMPLETION_INDEX (a Kubernetes"
          + " Indexed Job's pod); its figures on standard output."
    })
final class LoadWorkerCommand implements Callable<Integer> {
  static final String PLAN = "SHAKEDOWN_WORKER_PLAN";

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    String fromEnvironment = System.getenv(PLAN);
    if (fromEnvironment != null) {
      WorkerPlan plan = WorkerPlan.fromJson(fromEnvironment);
      String index = System.getenv("JOB_COMPLETION_INDEX");
      if (index != null) {
        plan = plan.asWorker(Integer.parseInt(index.trim()));
      }
      return LoadWorker.run(plan, null, out);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null) {
      System.err.println("load-worker: no plan on standard input, nor in " + PLAN);
      return 2;
    }
    return LoadWorker.run(WorkerPlan.fromJson(line), in, out);
  }
}
