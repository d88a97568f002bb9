package dev.shakedown.faults;

/**
 * A fault that is in place until closed. Closing reverts it, checks it is gone, and never throws: a
 * revert that cannot be done is recorded in the ledger for the next sweep and reported, so one
 * stuck revert never stops the others.
 */
public interface InjectedFault extends AutoCloseable {
  /** What it is, where: {@code 800 ms latency (jitter 200 ms) on cloud-a/store}. */
  String description();

  boolean active();

  @Override
  void close();
}
