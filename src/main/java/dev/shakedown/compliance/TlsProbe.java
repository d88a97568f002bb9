package dev.shakedown.compliance;

import dev.shakedown.traffic.TrustingTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Asks an HTTPS endpoint, version by version, which TLS versions it accepts, and whether its
 * certificate is one a client should trust. TLS 1.2 and 1.3 are each tried in a handshake that
 * accepts any certificate, so that a version is judged on its own; TLS 1.0 and 1.1 by a hand-made
 * hello ({@link LegacyHello}), so that no connection of this JVM can ever negotiate them. The
 * certificate is then judged in a handshake of its own, as a browser would: its chain against the
 * JVM's trust store plus the config's {@code deployment.trust}, and its names against the host (RFC
 * 2818, through the JDK's HTTPS endpoint identification).
 */
public final class TlsProbe {
  public static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
  private static final List<String> LEGACY = List.of("TLSv1", "TLSv1.1");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Duration timeout;
  private final Optional<Path> trust;

  /**
   * @param trust a PEM file of CA certificates trusted besides the JVM's, as {@code
   *     deployment.trust} names it
   */
  public TlsProbe(Duration timeout, Optional<Path> trust) {
    this.timeout = timeout;
    this.trust = trust;
  }

  /** A name SNI can carry: not an IP address literal (RFC 6066, section 3). */
  static boolean isHostName(String host) {
    return !host.contains(":") && !IPV4.matcher(host).matches();
  }

  public TlsFacts probe(URI endpoint) {
    if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new ComplianceException(
          "the public endpoint " + endpoint + " is not HTTPS; TLS can only be checked on https://");
    }
    String host = endpoint.getHost();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    X509TrustManager trusted = trustManager(); // a bad trust file fails before any handshake
    Map<String, Boolean> accepted = new LinkedHashMap<>();
    X509Certificate[] chain = null;
    List<String> modern = new ArrayList<>();
    IOException unreachable = null;
    for (String version : VERSIONS) {
      try {
        if (LEGACY.contains(version)) {
          accepted.put(version, LegacyHello.accepted(host, port, version, timeout));
        } else {
          X509Certificate[] presented = handshake(host, port, version);
          accepted.put(version, true);
          modern.add(version);
          chain = chain == null ? presented : chain;
        }
      } catch (SSLException refused) {
        accepted.put(version, false); // the server would not agree on it
      } catch (IOException e) {
        accepted.put(version, false);
        unreachable = e;
      }
    }
    if (!accepted.containsValue(true) && unreachable != null) {
      throw new ComplianceException(
          "no TLS handshake with " + host + ":" + port + " completed: " + unreachable.getMessage());
    }
    Optional<TlsFacts.Certificate> certificate = Optional.empty();
    if (chain != null) {
      // Judged version by version, on the chain each presents: a server may hold one certificate
      // per version (or per key type), and every one a client can be shown must be trusted.
      String problem = "";
      for (String version : modern) {
        Judged judged = judge(host, port, version, trusted);
        if (judged.chain() != null) {
          chain = judged.chain();
        }
        if (!judged.problem().isEmpty()) {
          problem = judged.problem();
          break;
        }
      }
      certificate = Optional.of(describe(chain, problem));
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
      sni(parameters, host);
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate[]) socket.getSession().getPeerCertificates();
    }
  }

  private static void sni(SSLParameters parameters, String host) {
    if (isHostName(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
  }

  /** The chain a checking client was shown, and why it refused it (empty: it did not). */
  private record Judged(X509Certificate[] chain, String problem) {}

  /** A handshake as a client that checks the chain and the host name makes it. */
  private Judged judge(String host, int port, String version, X509TrustManager trusted) {
    Capturing capturing = new Capturing((X509ExtendedTrustManager) trusted);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {capturing}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {version});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        sni(parameters, host);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return new Judged(capturing.chain, "");
      }
    } catch (IOException e) {
      return new Judged(capturing.chain, reason(e, host, capturing.chain != null));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS", e);
    }
  }

  /** Why the checking handshake failed; a failure that is not the certificate's says so. */
  private String reason(Throwable failure, String host, boolean certificateSeen) {
    // Expiry first: a chain to a trusted CA that has expired fails path validation too.
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "not valid yet";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
        return "it is not for " + host + " (" + message + ")";
      }
      if (t instanceof java.security.cert.CertPathBuilderException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return "not issued by a CA this run trusts (the JVM's trust store"
            + trust.map(f -> " and deployment.trust " + f).orElse("")
            + ")";
      }
    }
    return certificateSeen
        ? "refused by a client that checks it: " + failure.getMessage()
        : "no handshake that checks the certificate completed: " + failure.getMessage();
  }

  /** Hands every check to the JVM's trust manager, keeping the chain it was asked about. */
  private static final class Capturing extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private volatile X509Certificate[] chain;

    Capturing(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws java.security.cert.CertificateException {
      this.chain = chain;
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws java.security.cert.CertificateException {
      this.chain = chain;
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      this.chain = chain;
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  private static TlsFacts.Certificate describe(X509Certificate[] chain, String problem) {
    X509Certificate leaf = chain[0];
    boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
    return new TlsFacts.Certificate(
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        chain.length,
        problem.isEmpty(),
        problem.isEmpty() || !selfSigned ? problem : "self-signed: " + problem);
  }

  /** The JVM's trust store, plus the CA certificates of the trust file. */
  private X509TrustManager trustManager() {
    try {
      X509TrustManager jvm = x509(null);
      if (trust.isEmpty()) {
        return jvm;
      }
      Path file = trust.get();
      Collection<? extends Certificate> added;
      try (InputStream in = Files.newInputStream(file)) {
        added = CertificateFactory.getInstance("X.509").generateCertificates(in);
      } catch (IOException e) {
        throw new ComplianceException(
            "cannot read deployment.trust " + file + " (" + e.getMessage() + "); check the path");
      } catch (java.security.cert.CertificateException e) {
        throw new ComplianceException(
            "deployment.trust " + file + " is not PEM certificates (" + e.getMessage() + ")");
      }
      if (added.isEmpty()) {
        throw new ComplianceException(
            "deployment.trust "
                + file
                + " holds no certificate; give a PEM file of the CA certificates to trust");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate ca : jvm.getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + n++, ca);
      }
      for (Certificate ca : added) {
        store.setCertificateEntry("trust-" + n++, ca);
      }
      return x509(store);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
