package dev.shakedown.traffic.workers;

import java.io.BufferedReader;
import java.time.Duration;
import java.util.List;

/** Where the workers of a distributed load run: processes on this machine, a Kubernetes Job. */
public interface WorkerEngine extends AutoCloseable {
  /** Starts one worker per plan, in plan order. */
  List<Worker> start(List<WorkerPlan> plans);

  /**
   * Whether the coordinator can speak to its workers once started (a pipe): they then wait for its
   * {@code start} and obey its {@code halt}; where it cannot (a pod), each plan names its start,
   * {@link #startAllowance} after the plans are made, and a halt stops the workers outright.
   */
  boolean commandable();

  /** How long after the plans are made the workers can be relied on to have started. */
  Duration startAllowance();

  /** Whether the workers share this machine's CPU (their loads add up here). */
  boolean sharesThisMachine();

  /** Stops every worker still running, and releases what the engine made. */
  @Override
  void close();

  /** One running worker. */
  interface Worker {
    /** For the evidence: {@code pid 4242}, {@code pod shakedown-load-x-0}. */
    String where();

    /** Its output, line by line, as it comes; ends when the worker does. */
    BufferedReader output();

    /** Sends a command line; false where none reach it. */
    boolean send(String line);

    /** Why it ended without its figures, in a line: its exit and last errors. */
    String ended();

    /**
     * Whether it has started, as its platform says (a pod seen running), where its own word that it
     * is ready only comes with its output once it has finished.
     */
    default boolean started() {
      return false;
    }

    /** Stops it at once. */
    void stop();
  }
}
