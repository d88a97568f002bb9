package dev.shakedown.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    Listing files = files(directory);
    if (!files.unsafe().isEmpty()) {
      throw new ReportException(
          "cannot seal "
              + directory
              + ": "
              + String.join("; ", files.unsafe())
              + " (a manifest line could not name it unambiguously)");
    }
    StringBuilder lines = new StringBuilder();
    files
        .hashes()
        .forEach((path, hash) -> lines.append(hash).append("  ").append(path).append('\n'));
    try {
      Files.writeString(directory.resolve(FILE), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve(FILE), e);
    }
  }

  /**
   * What differs from the manifest: each changed, missing or added file, and each file whose name
   * or kind (a link) would let it pass for another, one line each.
   */
  public static List<String> verify(Path directory) {
    Map<String, String> recorded = recorded(directory);
    Listing files = files(directory);
    Map<String, String> now = files.hashes();
    List<String> differences = new ArrayList<>(files.unsafe());
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

  /** Each file the folder's manifest lists, with the SHA-256 it lists for it. */
  public static Map<String, String> recorded(Path directory) {
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
        if (recorded.put(line.substring(split + 2), line.substring(0, split)) != null) {
          throw new ReportException(file + ": lists a file twice: " + line.substring(split + 2));
        }
      }
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage());
    }
    return recorded;
  }

  /** The SHA-256 of some bytes, as the manifest writes it. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The files made from the folder after the run (the Allure HTML report, screenshots), which
   * neither the manifest nor its signature covers: named, so that nobody takes them as checked.
   */
  public static List<String> notCovered(Path directory) {
    return files(directory).notCovered();
  }

  /**
   * @param hashes each file's SHA-256 by its path, its names joined by {@code /}
   * @param unsafe what cannot be listed unambiguously: a link, or a name holding a backslash or a
   *     line break, which a manifest line would read as another name
   */
  private record Listing(
      Map<String, String> hashes, List<String> unsafe, List<String> notCovered) {}

  private static Listing files(Path directory) {
    Map<String, String> hashes = new TreeMap<>();
    List<String> unsafe = new ArrayList<>();
    List<String> notCovered = new ArrayList<>();
    Path root;
    try {
      root = directory.toRealPath(); // reports/latest is a link to the folder
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(p -> !p.equals(root)).sorted().toList()) {
        StringBuilder joined = new StringBuilder();
        boolean odd = false;
        for (Path name : root.relativize(path)) {
          String element = name.toString();
          odd |=
              element.indexOf('\\') >= 0
                  || element.indexOf('\n') >= 0
                  || element.indexOf('\r') >= 0;
          joined.append(joined.length() == 0 ? "" : "/").append(element);
        }
        String relative = joined.toString();
        String shown = relative.replace("\n", "\\n").replace("\r", "\\r");
        if (Files.isSymbolicLink(path)) {
          unsafe.add("a link, not a file: " + shown);
          continue;
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (odd) {
          unsafe.add("a name a manifest line cannot hold: " + shown);
          continue;
        }
        if (relative.equals(FILE)
            || relative.equals(ManifestSignature.SIGNATURE)
            || relative.equals(ManifestSignature.PUBLIC_KEY)) {
          continue;
        }
        if (relative.startsWith(DERIVED + "/") || relative.startsWith(SCREENSHOTS + "/")) {
          notCovered.add(relative);
          continue;
        }
        hashes.put(relative, sha256(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    return new Listing(hashes, unsafe, notCovered);
  }

  static String sha256(Path file) throws IOException {
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
