package dev.shakedown.compliance;

import dev.shakedown.evidence.Measure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The TLS controls, on what {@link TlsProbe} found of an endpoint. */
public final class TlsControls {
  private TlsControls() {}

  /**
   * No protocol version older than {@code minimum} ({@code 1.2}) completes a handshake, and some
   * version does.
   */
  public static ControlVerdict onlyFrom(URI endpoint, TlsFacts facts, String minimum) {
    String floor = "TLSv" + minimum.replace("1.0", "1");
    List<String> older = TlsProbe.VERSIONS.subList(0, TlsProbe.VERSIONS.indexOf(floor));
    List<String> acceptedOld = facts.acceptedVersions().stream().filter(older::contains).toList();
    if (!acceptedOld.isEmpty()) {
      return ControlVerdict.failed(
          List.of(),
          String.format(
              Locale.ROOT,
              "the public endpoint %s accepts %s (need TLS %s or newer only): %s a handshake with"
                  + " only that version enabled",
              endpoint,
              String.join(", ", acceptedOld),
              minimum,
              acceptedOld.size() == 1 ? "it completed" : "each completed"));
    }
    if (facts.acceptedVersions().isEmpty()) {
      return ControlVerdict.failed(
          List.of(),
          "the public endpoint " + endpoint + " completed no TLS handshake with any version");
    }
    return ControlVerdict.held(List.of());
  }

  /**
   * The certificate is valid now, for at least {@code days} more days, and one a client trusts
   * (days left mean nothing on a certificate no client accepts).
   */
  public static ControlVerdict certificateFor(URI endpoint, TlsFacts facts, int days, Instant now) {
    if (facts.certificate().isEmpty()) {
      return ControlVerdict.failed(
          List.of(), "the public endpoint " + endpoint + " presented no certificate");
    }
    TlsFacts.Certificate certificate = facts.certificate().get();
    double left = Duration.between(now, certificate.notAfter()).toHours() / 24.0;
    List<Measure> measures = List.of(new Measure("certificate days left", left, "days"));
    String who =
        certificate.subject()
            + ", issued by "
            + certificate.issuer()
            + (certificate.trusted() ? "" : " (" + certificate.trustProblem() + ")");
    if (certificate.notBefore().isAfter(now)) {
      return ControlVerdict.failed(
          measures,
          "the certificate of "
              + endpoint
              + " is not valid before "
              + certificate.notBefore()
              + ": "
              + who);
    }
    if (left < days) {
      return ControlVerdict.failed(
          measures,
          String.format(
              Locale.ROOT,
              "the certificate of %s %s (need at least %d more days): %s",
              endpoint,
              left < 0
                  ? String.format(
                      Locale.ROOT, "expired on %s, %.1f days ago", certificate.notAfter(), -left)
                  : String.format(
                      Locale.ROOT, "expires on %s, in %.1f days", certificate.notAfter(), left),
              days,
              who));
    }
    if (!certificate.trusted()) {
      return ControlVerdict.failed(
          measures, "the certificate of " + endpoint + " is not one a client trusts: " + who);
    }
    return ControlVerdict.held(measures);
  }
}
