package dev.shakedown.fleet.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.traffic.TrustingTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Calls to a platform's API over the JDK's HTTP client: a client that trusts the CA the config
 * names, a send whose failure says which call to which host failed (never its headers), and JSON
 * read back. Redirects are not followed by the client: a provider follows them itself, to its own
 * API's address, with its token.
 */
public final class RestCalls {
  public static final ObjectMapper JSON = new ObjectMapper();

  private RestCalls() {}

  /**
   * @param caCert a PEM file of the CA that signed the API's certificate; null for the JVM's own
   * @param skipSslValidation any certificate is accepted: for a lab only
   */
  public static HttpClient client(String cloud, String caCert, boolean skipSslValidation) {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls(cloud, caCert, skipSslValidation))
        .build();
  }

  public static HttpResponse<String> send(
      String cloud, HttpClient http, HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unreachable(
          "cloud '"
              + cloud
              + "': "
              + what
              + " at "
              + request.uri().getHost()
              + " failed: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("cloud '" + cloud + "': interrupted during " + what);
    }
  }

  public static JsonNode parse(String cloud, String body, String what) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new FleetException("cloud '" + cloud + "': " + what + " answered no JSON");
    }
  }

  /** The body as JSON where it is JSON; an empty object where it is not (an HTML error page). */
  public static JsonNode parseOrEmpty(String body) {
    try {
      JsonNode parsed = JSON.readTree(body);
      return parsed == null ? JSON.createObjectNode() : parsed;
    } catch (IOException | RuntimeException notJson) {
      return JSON.createObjectNode();
    }
  }

  public static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  private static SSLContext tls(String cloud, String caCert, boolean skipSslValidation) {
    if (skipSslValidation) {
      return TrustingTls.context();
    }
    try {
      if (caCert == null) {
        return SSLContext.getDefault();
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      try (InputStream pem = Files.newInputStream(Path.of(caCert))) {
        int n = 0;
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
          trusted.setCertificateEntry("ca-" + n++, certificate);
        }
        if (n == 0) {
          throw new FleetException(
              "cloud '" + cloud + "': caCert " + caCert + " holds no PEM certificate");
        }
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new FleetException(
          "cloud '" + cloud + "': cannot read caCert " + caCert + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new FleetException(
          "cloud '" + cloud + "': caCert " + caCert + " is not usable: " + e.getMessage());
    }
  }
}
