package dev.shakedown.undo;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a ledger file: an entry being applied, or the line that closes it.
 *
 * @param event {@code applying}, {@code reverted} (undone and read back), {@code ended} (nothing
 *     left to undo: the thing is gone on its own) or {@code revert-failed} (still applied)
 * @param note for a closing line, what was done or why it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LedgerLine(String event, String id, String run, Instant at, LedgerEntry entry, String note) {
  static final String APPLYING = "applying";
  static final String REVERTED = "reverted";
  static final String ENDED = "ended";
  static final String REVERT_FAILED = "revert-failed";
}
