package dev.shakedown.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.backup.Backup;
import dev.shakedown.backup.BackupException;
import dev.shakedown.backup.BackupStore;
import dev.shakedown.compliance.ControlVerdict;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupControlsTest {
  private record Store(String name, BackupStore.Fact encryption) implements BackupStore {
    @Override
    public String describe() {
      return name;
    }

    @Override
    public List<Backup> list() {
      return List.of();
    }

    @Override
    public Fact encryptionAtRest() {
      if (encryption == null) {
        throw new BackupException("cannot read the encryption of " + name + ": access denied");
      }
      return encryption;
    }

    @Override
    public Fact publicAccess() {
      return new Fact(true, "not public");
    }

    @Override
    public InputStream open(Backup backup) {
      throw new UnsupportedOperationException();
    }
  }

  private static BackupTargets.Target target(String cloud, BackupStore.Fact encryption) {
    return new BackupTargets.Target(
        cloud, "donations", null, new Store("bucket-" + cloud, encryption));
  }

  private static ControlVerdict encryption(List<BackupTargets.Target> targets) {
    return BackupControls.everyStore(
        targets,
        "encryption at rest",
        t -> t.store().encryptionAtRest(),
        fact -> !fact.holds(),
        "backups not encrypted at rest");
  }

  @Test
  void should_hold_when_every_store_holds() {
    ControlVerdict verdict =
        encryption(
            List.of(
                target("cloud-a", new BackupStore.Fact(true, "AES256")),
                target("cloud-b", new BackupStore.Fact(true, "aws:kms"))));

    assertThat(verdict.held()).isTrue();
    assertThat(verdict.notes())
        .containsExactly(
            "encryption at rest of cloud-a donations (bucket-cloud-a): AES256",
            "encryption at rest of cloud-b donations (bucket-cloud-b): aws:kms");
  }

  @Test
  void should_fail_on_a_store_it_cannot_read_and_keep_the_others_readings() {
    ControlVerdict verdict =
        encryption(
            List.of(
                target("cloud-a", new BackupStore.Fact(true, "AES256")),
                target("cloud-b", null),
                target("cloud-c", new BackupStore.Fact(false, "no default encryption"))));

    assertThat(verdict.held()).isFalse();
    assertThat(verdict.failure())
        .contains(
            "backups not encrypted at rest: cloud-b donations (bucket-cloud-b): could not be read:"
                + " cannot read the encryption of bucket-cloud-b: access denied; cloud-c donations"
                + " (bucket-cloud-c): no default encryption");
    assertThat(verdict.notes())
        .hasSize(3)
        .first()
        .isEqualTo("encryption at rest of cloud-a donations (bucket-cloud-a): AES256");
  }
}
