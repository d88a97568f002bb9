package dev.shakedown.compliance;

import java.security.Security;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java 17 refuses TLS 1.0 and 1.1 outright ({@code jdk.tls.disabledAlgorithms}). A server that must
 * still accept them (the demo router misconfigured on purpose, in a JVM of its own) lifts those two
 * versions, and only them, before its TLS stack first loads. Never called in the harness: its probe
 * asks about those versions without the JVM speaking them ({@link LegacyHello}), so no connection
 * of the harness can ever negotiate them.
 */
public final class LegacyTls {
  private static final Set<String> LEGACY = Set.of("TLSv1", "TLSv1.1");

  private LegacyTls() {}

  public static synchronized void allow() {
    String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
    if (disabled != null) {
      Security.setProperty(
          "jdk.tls.disabledAlgorithms",
          Arrays.stream(disabled.split(","))
              .map(String::trim)
              .filter(token -> !LEGACY.contains(token))
              .collect(Collectors.joining(", ")));
    }
    if (System.getProperty("jdk.tls.client.protocols") == null) {
      System.setProperty("jdk.tls.client.protocols", "TLSv1.3,TLSv1.2");
    }
  }
}
