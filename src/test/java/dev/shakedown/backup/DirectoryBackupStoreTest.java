package dev.shakedown.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBackupStoreTest {
  private static final String KEY = SealedBackups.newKey();

  @TempDir Path dir;

  private Path write(String name, byte[] bytes, String mode) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void should_list_by_the_time_in_the_name_and_open_sealed_backups_with_the_key() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    write(
        "donations-20261127T101500Z.jsonl.sealed",
        SealedBackups.seal("new".getBytes(), KEY),
        "rw-------");
    write(
        "donations-20261126T101500Z.jsonl.sealed",
        SealedBackups.seal("old".getBytes(), KEY),
        "rw-------");
    write("donations-20261127T101510Z.jsonl.sealed.partial", new byte[] {1}, "rw-------");
    DirectoryBackupStore store = new DirectoryBackupStore(dir, Optional.of(KEY));

    assertThat(store.list())
        .extracting(Backup::name, Backup::takenAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "donations-20261126T101500Z.jsonl.sealed", Instant.parse("2026-11-26T10:15:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                "donations-20261127T101500Z.jsonl.sealed", Instant.parse("2026-11-27T10:15:00Z")));
    try (InputStream in = store.open(store.list().get(1))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new");
    }
    assertThat(store.encryptionAtRest())
        .isEqualTo(
            new BackupStore.Fact(
                true, "all 2 backups sealed with AES-GCM and opened with the configured key"));
    assertThat(store.publicAccess().holds()).isFalse();
  }

  @Test
  void should_find_backups_in_the_clear_and_backups_others_may_read() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    write("donations-20261127T101500Z.jsonl", "{\"id\":\"a\"}".getBytes(), "rw-r--r--");
    DirectoryBackupStore store = new DirectoryBackupStore(dir, Optional.of(KEY));

    assertThat(store.encryptionAtRest())
        .isEqualTo(
            new BackupStore.Fact(
                false,
                "1 of 1 backups in "
                    + dir
                    + " are stored in the clear: donations-20261127T101500Z.jsonl"));
    assertThat(store.publicAccess())
        .isEqualTo(
            new BackupStore.Fact(
                true,
                "others on the machine may read donations-20261127T101500Z.jsonl (rw-r--r--)"));
  }

  @Test
  void should_refuse_a_backup_sealed_with_another_key_or_changed() throws Exception {
    byte[] sealed = SealedBackups.seal("x".getBytes(), KEY);
    write("donations-20261127T101500Z.jsonl.sealed", sealed, "rw-------");
    DirectoryBackupStore other = new DirectoryBackupStore(dir, Optional.of(SealedBackups.newKey()));
    assertThatThrownBy(other::encryptionAtRest)
        .isInstanceOf(BackupException.class)
        .hasMessage(
            "donations-20261127T101500Z.jsonl.sealed does not open with the configured key: sealed with another key, or changed");

    sealed[sealed.length - 1] ^= 1;
    write("donations-20261127T101500Z.jsonl.sealed", sealed, "rw-------");
    assertThatThrownBy(() -> new DirectoryBackupStore(dir, Optional.of(KEY)).encryptionAtRest())
        .hasMessageContaining("or changed");
  }

  @Test
  void should_say_where_the_folder_was_looked_for() {
    assertThatThrownBy(() -> new DirectoryBackupStore(dir.resolve("nope"), Optional.empty()).list())
        .isInstanceOf(BackupException.class)
        .hasMessage(
            "no backup folder "
                + dir.resolve("nope")
                + "; check the path of this dataset's backups");
  }
}
