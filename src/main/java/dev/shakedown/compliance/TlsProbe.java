package dev.shakedown.compliance;

import dev.shakedown.traffic.TrustingTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Asks an HTTPS endpoint, handshake by handshake, which TLS versions it accepts, and reads the
 * certificate it presents. Every handshake trusts any certificate, so that a version is judged on
 * its own; the certificate's trust is checked apart, against the JDK's CA certificates.
 */
public final class TlsProbe {
  public static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  private final Duration timeout;

  public TlsProbe(Duration timeout) {
    this.timeout = timeout;
  }

  public TlsFacts probe(URI endpoint) {
    if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new ComplianceException(
          "the public endpoint " + endpoint + " is not HTTPS; TLS can only be checked on https://");
    }
    String host = endpoint.getHost();
    int port = endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    Map<String, Boolean> accepted = new LinkedHashMap<>();
    Optional<TlsFacts.Certificate> certificate = Optional.empty();
    IOException unreachable = null;
    for (String version : VERSIONS) {
      try {
        X509Certificate[] chain = handshake(host, port, version);
        accepted.put(version, true);
        if (certificate.isEmpty()) {
          certificate = Optional.of(describe(chain, host));
        }
      } catch (SSLException refused) {
        accepted.put(version, false); // the server (or this JDK) would not agree on it
      } catch (IOException e) {
        accepted.put(version, false);
        unreachable = e;
      }
    }
    if (!accepted.containsValue(true) && unreachable != null) {
      throw new ComplianceException(
          "no TLS handshake with " + host + ":" + port + " completed: " + unreachable.getMessage());
    }
    return new TlsFacts(endpoint.toString(), accepted, certificate);
  }

  private X509Certificate[] handshake(String host, int port, String version) throws IOException {
    SSLContext context = TrustingTls.context(); // the certificate is judged apart
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(new String[] {version});
      if (!Character.isDigit(host.charAt(0))) {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate[]) socket.getSession().getPeerCertificates();
    }
  }

  private static TlsFacts.Certificate describe(X509Certificate[] chain, String host) {
    X509Certificate leaf = chain[0];
    String problem = "";
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          x509.checkServerTrusted(
              chain, leaf.getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA");
        }
      }
    } catch (GeneralSecurityException e) {
      problem =
          leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
              ? "self-signed: not issued by a CA the JDK trusts"
              : e.getMessage();
    }
    return new TlsFacts.Certificate(
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        chain.length,
        problem.isEmpty(),
        problem);
  }
}
