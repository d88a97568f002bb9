package dev.shakedown.undo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The open handles of a run, or of one scenario of it ({@link #scope()}). Every change goes through
 * here: its entry is written to the ledger before it is applied, and it stays open, here and in the
 * ledger, until it is reverted and read back. A handle that cannot be reverted stays open: nothing
 * is ever called reverted that was not.
 */
public final class Undo {
  private final Ledger ledger;
  private final Undo parent;
  private final List<LedgeredHandle> open = new ArrayList<>();
  private String sealed;

  private Undo(Ledger ledger, Undo parent) {
    this.ledger = ledger;
    this.parent = parent;
  }

  /** The run's registry, writing to {@code ledger}. */
  public static Undo of(Ledger ledger) {
    return new Undo(ledger, null);
  }

  /**
   * A registry whose ledger keeps nothing: for a dry run, which applies nothing, and for a fleet
   * used outside a run (a test).
   */
  public static Undo discarding() {
    return new Undo(Ledger.discarding(), null);
  }

  /** A scope inside this one (a scenario): its handles are open here too until reverted. */
  public Undo scope() {
    return new Undo(ledger, this);
  }

  public String run() {
    return ledger.run();
  }

  /**
   * Records {@code entry}, then applies it. If applying fails, what may have been applied is
   * reverted (and kept open if that fails too) before the failure is rethrown.
   *
   * @param endsWithRun the thing ends with the run's own processes (an instance of a local cloud),
   *     so an interrupted run ends it rather than reverting it
   */
  public Handle apply(LedgerEntry entry, boolean endsWithRun, Runnable apply, Undoer undoer) {
    LedgeredHandle handle = new LedgeredHandle(entry, endsWithRun, undoer);
    open(handle);
    try {
      apply.run();
      handle.applied();
    } catch (RuntimeException | Error e) {
      handle.applied();
      try {
        handle.revert(Duration.ZERO);
      } catch (RevertFailedException stillThere) {
        e.addSuppressed(stillThere);
      }
      throw e;
    }
    return handle;
  }

  public Handle apply(LedgerEntry entry, Runnable apply, Undoer undoer) {
    return apply(entry, false, apply, undoer);
  }

  /**
   * Records something already in place that the run must undo (a process it just started: there is
   * no pid before the start).
   */
  public Handle record(LedgerEntry entry, Undoer undoer) {
    LedgeredHandle handle = new LedgeredHandle(entry, true, undoer);
    open(handle);
    handle.applied();
    return handle;
  }

  /**
   * From now on nothing new may be applied (the run is being interrupted): {@link #apply} and
   * {@link #record} refuse, so that what the interrupt reverts is everything there is.
   */
  public void seal(String why) {
    Undo root = root();
    synchronized (root) {
      root.sealed = why;
    }
  }

  private Undo root() {
    return parent == null ? this : parent.root();
  }

  /** Writes the entry and registers the handle, atomically with the check that it may. */
  private void open(LedgeredHandle handle) {
    Undo root = root();
    synchronized (root) {
      if (root.sealed != null) {
        throw new RevertFailedException(
            "not applying " + handle.description() + ": " + root.sealed);
      }
      handle.id = ledger.applying(handle.entry);
      register(handle);
    }
  }

  /** What is still applied, oldest first. */
  public List<Handle> open() {
    synchronized (root()) {
      return List.copyOf(open);
    }
  }

  /**
   * Reverts every open handle of this scope, newest first, each on its own: one that fails is
   * reported and kept open, and the others are still reverted.
   */
  public Reverts revertAll() {
    return revertAll(handle -> true);
  }

  /** As {@link #revertAll()}, for the handles {@code which} selects; the others stay open. */
  public Reverts revertAll(Predicate<Handle> which) {
    List<LedgeredHandle> handles;
    synchronized (root()) {
      handles = open.stream().filter(which).toList();
    }
    List<String> reverted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = handles.size() - 1; i >= 0; i--) {
      LedgeredHandle handle = handles.get(i);
      try {
        reverted.add(handle.description() + ": " + handle.revert());
      } catch (RuntimeException e) { // one that fails, however, never stops the others
        left.add(
            e instanceof RevertFailedException
                ? e.getMessage()
                : handle.description() + ": " + e.getMessage());
      }
    }
    return new Reverts(reverted, left);
  }

  /**
   * Reverts the open handles that {@code which} selects, all at once, within {@code within}: for an
   * interrupted run, which must leave soon. Each outcome is told to {@code progress} as it comes; a
   * handle still reverting at the deadline is reported as left.
   */
  public Reverts revertAll(Duration within, Predicate<Handle> which, Consumer<String> progress) {
    List<LedgeredHandle> handles;
    synchronized (root()) {
      handles = open.stream().filter(which).toList();
    }
    Instant deadline = Instant.now().plus(within);
    List<CompletableFuture<String>> reverts = new ArrayList<>();
    for (LedgeredHandle handle : handles) {
      CompletableFuture<String> revert = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  revert.complete(handle.revert(within));
                } catch (RuntimeException e) {
                  revert.completeExceptionally(e);
                }
              },
              "shakedown-revert");
      thread.setDaemon(true);
      thread.start();
      revert.whenComplete(
          (note, error) ->
              progress.accept(
                  error == null
                      ? "reverted: " + handle.description() + ": " + note
                      : "revert failed: " + message(error)));
      reverts.add(revert);
    }
    List<String> reverted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = 0; i < handles.size(); i++) {
      try {
        long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        reverted.add(
            handles.get(i).description()
                + ": "
                + reverts.get(i).get(millis, TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        left.add(
            handles.get(i).description()
                + ": still being reverted after "
                + within.toSeconds()
                + " s");
      } catch (ExecutionException e) {
        left.add(message(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        left.add(handles.get(i).description() + ": interrupted while reverting");
      }
    }
    return new Reverts(reverted, left);
  }

  private static String message(Throwable error) {
    Throwable cause =
        error.getCause() != null && !(error instanceof RevertFailedException)
            ? error.getCause()
            : error;
    return String.valueOf(cause.getMessage());
  }

  // Every scope of a run shares one lock, the root's: a handle is in all of them or in none.
  private void register(LedgeredHandle handle) {
    synchronized (root()) {
      for (Undo scope = this; scope != null; scope = scope.parent) {
        scope.open.add(handle);
      }
    }
  }

  private void unregister(LedgeredHandle handle) {
    synchronized (root()) {
      for (Undo scope = this; scope != null; scope = scope.parent) {
        scope.open.remove(handle);
      }
    }
  }

  /** A handle whose every state change is a ledger line. */
  private final class LedgeredHandle implements Handle {
    private final LedgerEntry entry;
    private final boolean endsWithRun;
    private final Undoer undoer;
    private final CompletableFuture<Void> applying = new CompletableFuture<>();
    private String id;
    private final java.util.concurrent.atomic.AtomicReference<State> state =
        new java.util.concurrent.atomic.AtomicReference<>(State.APPLYING);
    private volatile String failure;

    LedgeredHandle(LedgerEntry entry, boolean endsWithRun, Undoer undoer) {
      this.entry = entry;
      this.endsWithRun = endsWithRun;
      this.undoer = undoer;
    }

    // Not synchronized: a revert holds the handle's lock while it waits for this.
    void applied() {
      state.compareAndSet(State.APPLYING, State.APPLIED);
      applying.complete(null);
    }

    @Override
    public String description() {
      return entry.description();
    }

    @Override
    public LedgerEntry entry() {
      return entry;
    }

    @Override
    public State state() {
      return state.get();
    }

    @Override
    public Optional<String> failure() {
      return Optional.ofNullable(failure);
    }

    boolean endsWithRun() {
      return endsWithRun;
    }

    @Override
    public synchronized String revert(Duration waitForApply) {
      if (!state.get().open()) {
        return "already " + state.get().name().toLowerCase(java.util.Locale.ROOT);
      }
      if (!applying.isDone()) {
        try {
          applying.get(waitForApply.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          throw failed(
              "it is still being applied, and reverting it now could be undone by that", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failed("interrupted while it was being applied", e);
        }
      }
      String note;
      try {
        note = undoer.undo();
      } catch (Exception | AssertionError e) {
        throw failed(String.valueOf(e.getMessage()), e);
      }
      ledger.reverted(id, note); // first: "reverted" in memory only once it is in the ledger
      state.set(State.REVERTED);
      failure = null;
      unregister(this);
      return note;
    }

    private RevertFailedException failed(String reason, Throwable cause) {
      state.set(State.REVERT_FAILED);
      failure = reason;
      try {
        ledger.revertFailed(id, reason);
      } catch (RuntimeException unwritable) {
        // The entry is open in the ledger either way; the sweep finds it.
      }
      return new RevertFailedException(description() + ": " + reason, cause);
    }

    @Override
    public synchronized void end(String why) {
      if (!state.get().open()) {
        return;
      }
      ledger.ended(id, why);
      state.set(State.ENDED);
      unregister(this);
    }

    @Override
    public String toString() {
      return description() + " (" + state.get() + ")";
    }
  }

  /** Handles that end with the run's own processes: an interrupted run ends them, not reverts. */
  public static boolean endsWithRun(Handle handle) {
    return handle instanceof LedgeredHandle ledgered && ledgered.endsWithRun();
  }
}
