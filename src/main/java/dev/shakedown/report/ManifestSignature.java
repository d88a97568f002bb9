package dev.shakedown.report;

import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The signature of a run's {@code manifest.sha256}: {@code manifest.sha256.sig}, the raw 64-byte
 * Ed25519 signature of the manifest's bytes, and {@code manifest.pub.pem}, the public key that made
 * it. The manifest holds every other file's SHA-256, so the signature vouches for all of them. The
 * key beside it says who signed; it proves nothing, since whoever can rewrite the folder can
 * replace both: a verifier checks against a public key it got elsewhere.
 */
public final class ManifestSignature {
  public static final String SIGNATURE = Manifest.FILE + ".sig";
  public static final String PUBLIC_KEY = "manifest.pub.pem";

  private ManifestSignature() {}

  /** Signs the folder's manifest, which must be written already. */
  public static void sign(Path folder, SigningKey key) {
    try {
      byte[] manifest = Files.readAllBytes(folder.resolve(Manifest.FILE));
      Files.write(folder.resolve(SIGNATURE), key.sign(manifest));
      Files.writeString(folder.resolve(PUBLIC_KEY), key.publicPem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sign the manifest of " + folder, e);
    }
  }

  public static boolean signed(Path folder) {
    return Files.isRegularFile(folder.resolve(SIGNATURE));
  }

  /**
   * Whether the folder's manifest carries a good signature by the key in {@code publicKeyFile}: one
   * line that says so, or why not.
   */
  public static Check verify(Path folder, Path publicKeyFile) {
    PublicKey key = SigningKey.readPublic(publicKeyFile);
    String by = "the key in " + publicKeyFile + " (" + SigningKey.fingerprint(key) + ")";
    if (!signed(folder)) {
      return new Check(false, "not signed: " + folder + " has no " + SIGNATURE);
    }
    try {
      byte[] manifest = Files.readAllBytes(folder.resolve(Manifest.FILE));
      byte[] signature = Files.readAllBytes(folder.resolve(SIGNATURE));
      if (signature.length != 64) {
        return new Check(
            false,
            "bad signature: "
                + SIGNATURE
                + " holds "
                + signature.length
                + " bytes, where an Ed25519 signature is 64");
      }
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(key);
      check.update(manifest);
      return check.verify(signature)
          ? new Check(true, "signature good: " + Manifest.FILE + " was signed by " + by)
          : new Check(
              false,
              "bad signature: "
                  + Manifest.FILE
                  + " was not signed by "
                  + by
                  + ", or was changed since");
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot read the manifest or signature of " + folder + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return new Check(false, "bad signature: " + e.getMessage());
    }
  }

  /** The outcome of a check, worded for the one who asked. */
  public record Check(boolean good, String line) {}
}
