package dev.shakedown.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What handshakes with an endpoint showed.
 *
 * @param accepted each protocol version tried, with whether the server completed a handshake with
 *     it alone enabled
 * @param certificate the leaf certificate the server presented, when any handshake succeeded
 */
public record TlsFacts(
    String endpoint, Map<String, Boolean> accepted, Optional<Certificate> certificate) {

  public List<String> acceptedVersions() {
    return accepted.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  /**
   * @param trusted whether the chain validates against the JDK's CA certificates for this host
   * @param trustProblem why not, when it does not
   */
  public record Certificate(
      String subject,
      String issuer,
      Instant notBefore,
      Instant notAfter,
      int chainLength,
      boolean trusted,
      String trustProblem) {}
}
