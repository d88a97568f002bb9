package dev.shakedown.undo;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private volatile Gate gate = disruption -> {};

  /**
   * Asked before each disruption is recorded and applied, whoever applies it: on a game day, the
   * operator's go, so that a step from {@code --glue} that disrupts is paced as the built-in ones.
   */
  public interface Gate {
    /**
     * Returns when {@code disruption} may go; throws (skipped, aborted, halted) when it may not,
     * before anything is recorded or touched.
     */
    void before(String disruption);
  }

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

  /** The gate of every scope of this registry, from now on. */
  public void gate(Gate gate) {
    root().gate = gate;
  }

  // How deep this thread is in disruptions the gate let go: their own entries are not asked again.
  private static final ThreadLocal<Integer> LET_GO = ThreadLocal.withInitial(() -> 0);

  /**
   * Runs a disruption of one or more ledger entries (a guard, then the stop it holds) once the gate
   * lets it go: asked once, before a lock is taken or an instance counted down, and not again for
   * each entry, nor for a disruption inside it (a zone's kill).
   */
  public <T> T disrupting(String disruption, java.util.function.Supplier<T> body) {
    int depth = LET_GO.get();
    if (depth == 0) {
      root().gate.before(disruption);
    }
    LET_GO.set(depth + 1);
    try {
      return body.get();
    } finally {
      if (depth == 0) {
        LET_GO.remove();
      } else {
        LET_GO.set(depth);
      }
    }
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
    return apply(entry, endsWithRun, List.of(), apply, undoer);
  }

  /**
   * As {@link #apply(LedgerEntry, boolean, Runnable, Undoer)}, for a disruption that holds only
   * while {@code needs} stay applied (a stopped member of a group whose health checks are
   * suspended): none of them is reverted while it is applied, and each is reverted as soon as the
   * last disruption that needs it is.
   */
  public Handle apply(
      LedgerEntry entry, boolean endsWithRun, List<Handle> needs, Runnable apply, Undoer undoer) {
    if (entry.disrupts() && LET_GO.get() == 0) {
      root().gate.before(entry.description());
    }
    LedgeredHandle handle = new LedgeredHandle(entry, endsWithRun, undoer);
    for (Handle needed : needs) {
      handle.needs.add((LedgeredHandle) needed);
    }
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
      handle.needs.forEach(needed -> needed.neededBy.add(handle));
    }
  }

  /** What is still applied, oldest first. */
  public List<Handle> open() {
    synchronized (root()) {
      return List.copyOf(open);
    }
  }

  /**
   * The disruptions still applied (a fault, an instance down, a load's workers): what is open but
   * for the run's own processes, which are its targets rather than something done to them.
   */
  public List<Handle> openDisruptions() {
    return open().stream()
        .filter(handle -> !(handle.entry() instanceof LedgerEntry.StartedProcess))
        .toList();
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
      if (!handle.state().open()) {
        continue; // reverted with the last handle that needed it, and reported there
      }
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
    Map<LedgeredHandle, CompletableFuture<String>> reverts = new LinkedHashMap<>();
    handles.forEach(handle -> reverts.put(handle, new CompletableFuture<>()));
    for (LedgeredHandle handle : handles) {
      CompletableFuture<String> revert = reverts.get(handle);
      Thread thread =
          new Thread(
              () -> {
                try {
                  // What needs this handle is reverted first; it then reverts this one with it.
                  for (LedgeredHandle dependent : handle.neededBy) {
                    CompletableFuture<String> first = reverts.get(dependent);
                    if (first != null) {
                      first.handle((note, error) -> null).get(millisLeft(deadline), MILLISECONDS);
                    }
                  }
                  revert.complete(
                      handle.state().open() ? handle.revert(within) : closedMeanwhile(handle));
                } catch (RuntimeException e) {
                  revert.completeExceptionally(e);
                } catch (TimeoutException | ExecutionException e) {
                  revert.completeExceptionally(
                      new RevertFailedException(
                          handle.description() + ": what needs it was still being reverted", e));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  revert.completeExceptionally(e);
                }
              },
              "shakedown-revert");
      thread.setDaemon(true);
      thread.start();
      revert.whenComplete(
          (note, error) -> {
            if (error != null) {
              progress.accept("revert failed: " + message(error));
            } else if (note != null) {
              progress.accept("reverted: " + handle.description() + ": " + note);
            }
          });
    }
    List<String> reverted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (LedgeredHandle handle : handles) {
      try {
        String note = reverts.get(handle).get(millisLeft(deadline), MILLISECONDS);
        if (note != null) {
          reverted.add(handle.description() + ": " + note);
        }
      } catch (TimeoutException e) {
        left.add(
            handle.description() + ": still being reverted after " + within.toSeconds() + " s");
      } catch (ExecutionException e) {
        left.add(message(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        left.add(handle.description() + ": interrupted while reverting");
      }
    }
    // One this call found open, closed meanwhile by another thread (the scenario's own revert,
    // racing an interrupt) with what needed it: no line of this call said so, so this one does.
    for (LedgeredHandle handle : handles) {
      if (handle.state() == Handle.State.REVERTED
          && handle.revertedNote != null
          && reverted.stream().noneMatch(line -> line.contains(handle.description()))) {
        String line = handle.description() + ": " + handle.revertedNote;
        progress.accept("reverted: " + line);
        reverted.add(line);
      }
    }
    return new Reverts(reverted, left);
  }

  /**
   * A handle this call found open and another thread closed meanwhile (the scenario's own revert,
   * racing an interrupt): reported here, unless the line of what needed it already said so.
   */
  private static String closedMeanwhile(LedgeredHandle handle) {
    return handle.state() == Handle.State.REVERTED && !handle.reportedWithDependent
        ? handle.revertedNote
        : null;
  }

  private static long millisLeft(Instant deadline) {
    return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
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
    private final Instant since = Instant.now();
    private String id;
    private final java.util.concurrent.atomic.AtomicReference<State> state =
        new java.util.concurrent.atomic.AtomicReference<>(State.APPLYING);
    private volatile String failure;
    // What this disruption holds only with, and what holds only with this one.
    private final List<LedgeredHandle> needs = new ArrayList<>();
    private final List<LedgeredHandle> neededBy = new CopyOnWriteArrayList<>();
    // How its revert went, for a caller that finds it already closed by another thread (the
    // scenario's own revert racing an interrupt's); and whether a dependent's line said so.
    private volatile String revertedNote;
    private volatile boolean reportedWithDependent;

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
    public Instant since() {
      return since;
    }

    @Override
    public Optional<String> failure() {
      return Optional.ofNullable(failure);
    }

    boolean endsWithRun() {
      return endsWithRun;
    }

    @Override
    public String revert(Duration waitForApply) {
      String note = revertThis(waitForApply);
      // Outside this handle's lock: what it needed may be being reverted by another thread.
      StringBuilder released = new StringBuilder();
      for (LedgeredHandle needed : needs) {
        try {
          String undone = needed.releaseIfUnneeded();
          if (undone != null) {
            needed.reportedWithDependent = true;
            released.append("; then ").append(needed.description()).append(": ").append(undone);
          }
        } catch (RevertFailedException stillApplied) {
          // Still open, and reported by whatever reverts the rest of the scope.
        }
      }
      return note + released;
    }

    /** Reverts it if nothing needs it any more; null if it is closed or still needed. */
    private synchronized String releaseIfUnneeded() {
      if (!state.get().open() || neededBy.stream().anyMatch(h -> h.state().open())) {
        return null;
      }
      return revertThis(Duration.ZERO);
    }

    private synchronized String revertThis(Duration waitForApply) {
      if (!state.get().open()) {
        return "already " + state.get().name().toLowerCase(java.util.Locale.ROOT);
      }
      List<String> needing =
          neededBy.stream().filter(h -> h.state().open()).map(Handle::description).toList();
      if (!needing.isEmpty()) {
        // Not a failure of its own: kept, because undoing it now would undo what still holds.
        throw new RevertFailedException(
            description() + ": kept, as " + String.join(", ", needing) + " still needs it");
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
      revertedNote = note;
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
