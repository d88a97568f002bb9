package dev.shakedown.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.ShakedownException;
import dev.shakedown.cli.CommandLineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder's manifest signed with Ed25519, checked by {@code shakedown verify --key}. */
class SignedManifestTest {
  @TempDir Path dir;
  private Path folder;

  @BeforeEach
  void folder() throws Exception {
    folder = Files.createDirectories(dir.resolve("20261201T100000Z-abc123"));
    Files.createDirectories(folder.resolve("evidence"));
    Files.writeString(folder.resolve("compliance.json"), "{\"verdict\" : \"PASSED\"}\n");
    Files.writeString(folder.resolve("evidence/scenario.json"), "{\"measured\" : 42}\n");
    Manifest.write(folder);
  }

  private CommandLineRun keygen() {
    return CommandLineRun.of(
        "keygen",
        "--private",
        dir.resolve("key.pem").toString(),
        "--public",
        dir.resolve("pub.pem").toString());
  }

  private CommandLineRun verify(String... key) {
    String[] args = new String[2 + key.length];
    args[0] = "verify";
    System.arraycopy(key, 0, args, 1, key.length);
    args[args.length - 1] = folder.toString();
    return CommandLineRun.of(args);
  }

  @Test
  void should_make_a_key_pair_whose_private_half_only_its_owner_reads_and_never_overwrite_one()
      throws Exception {
    CommandLineRun made = keygen();

    assertThat(made.exitCode()).as(made.all()).isZero();
    assertThat(made.out()).contains("(public, sha256:");
    assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("pub.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem"))))
        .isEqualTo("rw-------");
    String before = Files.readString(dir.resolve("key.pem"));

    CommandLineRun again = keygen();

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err().strip()).hasLineCount(1).contains("exists already");
    assertThat(Files.readString(dir.resolve("key.pem"))).isEqualTo(before);
  }

  @Test
  void should_derive_from_a_private_key_the_public_key_made_with_it() {
    SigningKey made = SigningKey.generate();

    SigningKey read = SigningKey.fromPem(made.privatePem(), "a test key");

    assertThat(read.publicPem()).isEqualTo(made.publicPem());
    assertThat(read.fingerprint()).isEqualTo(made.fingerprint());
  }

  @Test
  void should_verify_a_signed_folder_by_its_key_and_refuse_any_change_or_another_key()
      throws Exception {
    keygen();
    ManifestSignature.sign(folder, SigningKey.read(dir.resolve("key.pem")));
    assertThat(folder.resolve("manifest.sha256.sig")).hasSize(64);
    assertThat(Files.readString(folder.resolve("manifest.pub.pem")))
        .isEqualTo(Files.readString(dir.resolve("pub.pem")));

    CommandLineRun good = verify("--key", dir.resolve("pub.pem").toString());
    assertThat(good.exitCode()).as(good.all()).isZero();
    assertThat(good.out()).contains("signature good").contains("verified: every file");

    // Another key, though the folder carries the signer's public key beside the signature.
    Path other = dir.resolve("other.pem");
    Files.writeString(other, SigningKey.generate().publicPem());
    CommandLineRun impostor = verify("--key", other.toString());
    assertThat(impostor.exitCode()).isEqualTo(1);
    assertThat(impostor.out()).contains("bad signature");

    // Not checked without a key, and said so.
    CommandLineRun unchecked = verify();
    assertThat(unchecked.exitCode()).isZero();
    assertThat(unchecked.out()).contains("signature not checked");
  }

  @Test
  void should_refuse_a_changed_signature_manifest_or_evidence_file() throws Exception {
    SigningKey key = SigningKey.generate();
    Path pub = dir.resolve("pub.pem");
    Files.writeString(pub, key.publicPem());
    ManifestSignature.sign(folder, key);
    Path[] files = {
      folder.resolve("manifest.sha256.sig"),
      folder.resolve("manifest.sha256"),
      folder.resolve("evidence/scenario.json")
    };
    for (Path file : files) {
      byte[] original = Files.readAllBytes(file);
      byte[] changed = original.clone();
      changed[changed.length / 2] ^= 0x01;
      Files.write(file, changed);

      CommandLineRun verified = verify("--key", pub.toString());

      assertThat(verified.exitCode()).as(file + ": " + verified.all()).isEqualTo(1);
      Files.write(file, original);
    }
    assertThat(verify("--key", pub.toString()).exitCode()).isZero();
  }

  @Test
  void should_refuse_a_link_or_a_name_that_could_pass_for_another_and_name_what_it_does_not_cover()
      throws Exception {
    SigningKey key = SigningKey.generate();
    Path pub = dir.resolve("pub.pem");
    Files.writeString(pub, key.publicPem());
    ManifestSignature.sign(folder, key);
    // What the manifest lists, byte for byte, under a name that reads as evidence/scenario.json
    // once its backslash is taken for a separator.
    Files.copy(folder.resolve("evidence/scenario.json"), folder.resolve("evidence\\scenario.json"));
    Files.createSymbolicLink(folder.resolve("elsewhere.json"), dir.resolve("pub.pem"));
    Files.createDirectories(folder.resolve("allure-report"));
    Files.writeString(folder.resolve("allure-report/index.html"), "<html>made later</html>");

    CommandLineRun verified = verify("--key", pub.toString());

    assertThat(verified.exitCode()).as(verified.all()).isEqualTo(1);
    assertThat(verified.out())
        .contains("signature good")
        .contains("a name a manifest line cannot hold: evidence\\scenario.json")
        .contains("a link, not a file: elsewhere.json")
        .contains("not covered: 1 file(s) made from the folder after the run")
        .doesNotContain("verified: every file");
  }

  @Test
  void should_tell_a_good_manifest_from_a_good_signature() throws Exception {
    ManifestSignature.sign(folder, SigningKey.generate());
    Path other = dir.resolve("other.pem");
    Files.writeString(other, SigningKey.generate().publicPem());

    CommandLineRun verified = verify("--key", other.toString());

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out())
        .contains("not verified: the files match manifest.sha256, but it is not signed by that key")
        .doesNotContain("verified: every file");
  }

  @Test
  void should_want_the_name_of_the_variable_and_never_echo_what_it_was_given() {
    String pem = SigningKey.generate().privatePem();

    CommandLineRun run =
        CommandLineRun.of(
            "run", "--clouds", "config/clouds/local.yaml", "--sign-key-env", pem, "--dry-run");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .hasLineCount(1)
        .contains("takes the name of an environment variable")
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void should_say_in_one_line_what_is_wrong_with_a_key_and_never_quote_it() throws Exception {
    Path notPem = dir.resolve("notes.txt");
    Files.writeString(notPem, "hunter2-is-my-password");
    Path rsa = dir.resolve("rsa.pem");
    Files.writeString(
        rsa,
        "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAsecret\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> SigningKey.read(notPem))
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining(notPem.toString())
        .hasMessageContaining("BEGIN PRIVATE KEY")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> SigningKey.read(rsa))
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining("is not an Ed25519 private key")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> SigningKey.read(dir.resolve("missing.pem")))
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining("cannot read the signing key");

    CommandLineRun run =
        CommandLineRun.of(
            Map.of("SIGNING_KEY", "hunter2"),
            "run",
            "--clouds",
            "config/clouds/local.yaml",
            "--sign-key-env",
            "SIGNING_KEY",
            "--dry-run");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .hasLineCount(1)
        .contains("the environment variable SIGNING_KEY is not an Ed25519 private key")
        .doesNotContain("hunter2");
  }
}
