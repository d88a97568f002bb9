package dev.shakedown.report;

import dev.shakedown.ShakedownException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key pair that signs a run's manifest, read from the PKCS#8 PEM that {@code shakedown
 * keygen} and {@code openssl genpkey -algorithm ed25519} write. The JDK's own Ed25519; its
 * signatures are the raw 64 bytes OpenSSL's {@code pkeyutl -rawin} reads and writes.
 */
public final class SigningKey {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new key pair. */
  public static SigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK 15+ has Ed25519", e);
    }
  }

  /**
   * The key in a PEM file; {@code where} names it in errors, which never quote its content.
   *
   * @throws ShakedownException worded for the user: unreadable, not PEM, not an Ed25519 private key
   */
  public static SigningKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot read the signing key "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); make one with 'shakedown keygen'");
    }
    return fromPem(text, file.toString());
  }

  /** The key in PEM text, e.g. from an environment variable named by {@code where}. */
  public static SigningKey fromPem(String pem, String where) {
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new ShakedownException(
          where
              + " is an encrypted key, which Shakedown cannot read; keep it in the pipeline's"
              + " secrets unencrypted instead ('openssl pkey -in KEY -out PLAIN' decrypts it)");
    }
    byte[] der = Pem.decode(pem, PRIVATE, where, "an Ed25519 private key (PKCS#8 PEM)");
    try {
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new SigningKey(key, publicOf((EdECPrivateKey) key));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new ShakedownException(
          where
              + " is not an Ed25519 private key; make one with 'shakedown keygen' or"
              + " 'openssl genpkey -algorithm ed25519'");
    }
  }

  /**
   * The public half of a private key. The JDK has no call for it; its key pair generator makes the
   * pair from 32 random bytes, which are the private key, so given those bytes it makes this pair.
   */
  private static PublicKey publicOf(EdECPrivateKey key) throws GeneralSecurityException {
    byte[] seed =
        key.getBytes().orElseThrow(() -> new GeneralSecurityException("no private key bytes"));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    generator.initialize(
        NamedParameterSpec.ED25519,
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        });
    KeyPair pair = generator.generateKeyPair();
    byte[] again = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    if (!Arrays.equals(seed, again)) {
      throw new GeneralSecurityException("the key pair generator did not take the given key");
    }
    return pair.getPublic();
  }

  /** The raw 64-byte Ed25519 signature of {@code content}. */
  public byte[] sign(byte[] content) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(content);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an Ed25519 key that cannot sign", e);
    }
  }

  public String privatePem() {
    return Pem.encode(PRIVATE, privateKey.getEncoded());
  }

  public String publicPem() {
    return Pem.encode(PUBLIC, publicKey.getEncoded());
  }

  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /** {@code sha256:} and the first 16 bytes of the SHA-256 of the key's SubjectPublicKeyInfo. */
  static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A public key in a PEM file, as {@code openssl pkey -pubout} writes it. */
  static PublicKey readPublic(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot read the public key " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    byte[] der =
        Pem.decode(text, PUBLIC, file.toString(), "an Ed25519 public key (PEM, BEGIN PUBLIC KEY)");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new ShakedownException(file + " is not an Ed25519 public key");
    }
  }

  /** PEM as RFC 7468 has it: a label, base64 in lines of 64, nothing else read. */
  static final class Pem {
    private Pem() {}

    static String encode(String label, byte[] der) {
      return "-----BEGIN "
          + label
          + "-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END "
          + label
          + "-----\n";
    }

    static byte[] decode(String text, String label, String where, String expected) {
      String begin = "-----BEGIN " + label + "-----";
      String end = "-----END " + label + "-----";
      int from = text.indexOf(begin);
      int to = from < 0 ? -1 : text.indexOf(end, from);
      if (from < 0 || to < 0) {
        throw new ShakedownException(
            where + " is not " + expected + ": it has no " + begin + " ... " + end + " block");
      }
      try {
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
      } catch (IllegalArgumentException e) {
        throw new ShakedownException(where + " is not " + expected + ": its base64 does not read");
      }
    }
  }
}
