package dev.shakedown.undo;

import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The one sweep of a reports folder at a time: an exclusive lock on {@code .ledger/sweep.lock}. */
final class SweepLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SweepLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for another sweep of the same folder to finish, then holds the lock. */
  static SweepLock take(Path reportsRoot) {
    Path file = Ledger.directory(reportsRoot).resolve("sweep.lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new SweepLock(channel, channel.lock());
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot lock " + file + " for the sweep (" + e.getMessage() + "); check --reports");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // Released with the channel, or with the process.
    }
  }
}
