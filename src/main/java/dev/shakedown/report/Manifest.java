package dev.shakedown.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code manifest.sha256}: the SHA-256 of every file in a run folder, in the format of {@code
 * sha256sum} (so {@code sha256sum -c manifest.sha256} checks it too, without Shakedown). Two
 * folders made later from the run folder are left out, as they are not what the run recorded: the
 * Allure HTML report ({@code shakedown report --allure}) and screenshots of the report; and the
 * manifest's own signature and public key ({@link ManifestSignature}), written after it.
 */
public final class Manifest {
  public static final String FILE = "manifest.sha256";
  static final String DERIVED = "allure-report";
  public static final String SCREENSHOTS = "screenshots";

  private Manifest() {}

  public static void write(Path directory) {
    StringBuilder lines = new StringBuilder();
    hashes(directory)
        .forEach((path, hash) -> lines.append(hash).append("  ").append(path).append('\n'));
    try {
      Files.writeString(directory.resolve(FILE), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve(FILE), e);
    }
  }

  /** What differs from the manifest: each changed, missing or added file, one line each. */
  public static List<String> verify(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new ReportException(
          directory + " has no " + FILE + "; name a run folder (reports/<run id>) that finished");
    }
    Map<String, String> recorded = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        int split = line.indexOf("  ");
        if (split != 64) {
          throw new ReportException(file + ": not a sha256sum line: " + line);
        }
        recorded.put(line.substring(split + 2), line.substring(0, split));
      }
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> now = hashes(directory);
    List<String> differences = new ArrayList<>();
    recorded.forEach(
        (path, hash) -> {
          String current = now.get(path);
          if (current == null) {
            differences.add("missing: " + path);
          } else if (!current.equals(hash)) {
            differences.add("changed: " + path);
          }
        });
    now.keySet().stream()
        .filter(path -> !recorded.containsKey(path))
        .forEach(path -> differences.add("added: " + path));
    return differences;
  }

  private static Map<String, String> hashes(Path directory) {
    Map<String, String> hashes = new TreeMap<>();
    Path root;
    try {
      root = directory.toRealPath(); // reports/latest is a link to the folder
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path path : files.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        if (relative.equals(FILE)
            || relative.equals(ManifestSignature.SIGNATURE)
            || relative.equals(ManifestSignature.PUBLIC_KEY)
            || relative.startsWith(DERIVED + "/")
            || relative.startsWith(SCREENSHOTS + "/")) {
          continue;
        }
        hashes.put(relative, sha256(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    return hashes;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
