package dev.shakedown.compliance;

import java.security.Security;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java 17 refuses TLS 1.0 and 1.1 outright ({@code jdk.tls.disabledAlgorithms}), so a check that
 * asks whether a server still accepts them would always hear "no". This lifts those two versions
 * for the JVM, and only them; it must run before the JVM's TLS stack first loads (it reads the
 * property once). Clients that do not choose their protocols stay on TLS 1.2 and newer through
 * {@code jdk.tls.client.protocols}; only the probe enables the old versions, one handshake each.
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
