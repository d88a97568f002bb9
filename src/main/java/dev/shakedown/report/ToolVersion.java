package dev.shakedown.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Shakedown's own version, stamped into the jar by the build. */
public final class ToolVersion {
  private ToolVersion() {}

  public static String current() {
    try (InputStream in =
        ToolVersion.class.getResourceAsStream("/dev/shakedown/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
