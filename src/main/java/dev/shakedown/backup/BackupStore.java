package dev.shakedown.backup;

import java.io.InputStream;
import java.util.List;

/** Where the backups of one dataset are kept: a folder, an S3 bucket, a GCS bucket. */
public interface BackupStore extends AutoCloseable {
  /** How messages name it: {@code directory /var/backups/store-a}, {@code s3://bucket/prefix}. */
  String describe();

  /** The backups of the dataset, oldest first. */
  List<Backup> list();

  /** Whether what is stored is encrypted at rest, as the store says or as its contents show. */
  Fact encryptionAtRest();

  /** Whether anyone, without credentials, can read the backups. */
  Fact publicAccess();

  /** The backup's bytes as they were backed up: decrypted when the store sealed them. */
  InputStream open(Backup backup);

  @Override
  default void close() {}

  /**
   * A yes or no with what showed it.
   *
   * @param holds encryption enforced; or publicly readable
   * @param detail what was seen: {@code SSE-KMS by default (aws:kms)}, {@code others may read
   *     donations-20261127T101500Z.jsonl (rw-r--r--)}
   */
  record Fact(boolean holds, String detail) {}
}
