package dev.shakedown.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Backup files sealed with AES-GCM: a magic line, a 12-byte nonce, and the ciphertext with its
 * 16-byte tag. Opening one with the key proves both that it is encrypted and that it is intact.
 */
public final class SealedBackups {
  private static final byte[] MAGIC = "SHAKEDOWN-SEALED-1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedBackups() {}

  /** A new random 256-bit key, base64: for a config. */
  public static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public static byte[] seal(byte[] plain, String base64Key) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(base64Key), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(MAGIC.length + NONCE + sealed.length)
          .put(MAGIC)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a backup: " + e.getMessage(), e);
    }
  }

  public static boolean isSealed(byte[] bytes) {
    return bytes.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC);
  }

  /**
   * @throws BackupException when it is not sealed, or not with this key, or was changed
   */
  public static byte[] open(byte[] bytes, String base64Key, String name) {
    if (!isSealed(bytes)) {
      throw new BackupException(name + " is not sealed: it is stored in the clear");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key(base64Key),
          new GCMParameterSpec(TAG_BITS, bytes, MAGIC.length, NONCE));
      return cipher.doFinal(bytes, MAGIC.length + NONCE, bytes.length - MAGIC.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new BackupException(
          name + " does not open with the configured key: sealed with another key, or changed");
    }
  }

  private static SecretKeySpec key(String base64Key) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new BackupException("the backup key is not base64");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new BackupException(
          "the backup key is " + key.length * 8 + " bits; AES needs 128, 192 or 256");
    }
    return new SecretKeySpec(key, "AES");
  }
}
