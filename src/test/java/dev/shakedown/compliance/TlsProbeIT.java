package dev.shakedown.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.traffic.TrustingTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS probe against the demo router in a JVM of its own that accepts TLS 1.0 and 1.1: the probe
 * sees them accepted, while no client of this JVM can negotiate them, and the certificate is judged
 * by its chain and its names.
 */
class TlsProbeIT {
  @TempDir Path dir;
  private Process router;

  @AfterEach
  void stop() throws Exception {
    if (router != null) {
      router.destroyForcibly().waitFor();
    }
  }

  private int startRouter(String... options) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.shakedown.demo.DemoRouter",
                "--https-port",
                Integer.toString(port),
                "--ca-out",
                dir.resolve("ca.pem").toString()));
    command.addAll(List.of(options));
    router = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(router.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.contains("router listening on https://")) {
        return port;
      }
    }
    throw new IllegalStateException("the router did not start");
  }

  @Test
  void should_see_tls_1_0_and_1_1_accepted_while_no_client_of_this_jvm_can_negotiate_them()
      throws Exception {
    int port = startRouter("--tls-min", "1.0");
    TlsFacts facts =
        new TlsProbe(Duration.ofSeconds(5), Optional.of(dir.resolve("ca.pem")))
            .probe(URI.create("https://127.0.0.1:" + port));

    assertThat(facts.acceptedVersions()).containsExactly("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    assertThat(facts.certificate()).hasValueSatisfying(c -> assertThat(c.trusted()).isTrue());
    for (String legacy : new String[] {"TLSv1", "TLSv1.1"}) {
      // Trusting any certificate, so that only the version can stand in the way.
      assertThatThrownBy(() -> handshake(TrustingTls.context(), port, legacy))
          .as("a default client of this JVM offering only " + legacy)
          .isInstanceOf(SSLHandshakeException.class);
    }
    handshake(TrustingTls.context(), port, "TLSv1.2"); // while a modern one still works
  }

  @Test
  void should_see_a_modern_router_refuse_the_old_versions() throws Exception {
    int port = startRouter("--tls-min", "1.2");
    TlsFacts facts =
        new TlsProbe(Duration.ofSeconds(5), Optional.empty())
            .probe(URI.create("https://localhost:" + port));

    assertThat(facts.acceptedVersions()).containsExactly("TLSv1.2", "TLSv1.3");
    // Without the demo CA among the trusted, the JVM's trust store alone does not vouch for it.
    assertThat(facts.certificate())
        .hasValueSatisfying(
            c ->
                assertThat(c.trustProblem())
                    .startsWith("not issued by a CA this run trusts (the JVM's trust store)"));
  }

  @Test
  void should_refuse_a_certificate_for_other_names_and_say_which_host() throws Exception {
    int port = startRouter("--cert-names", "dns:donate.example.org");
    TlsFacts facts =
        new TlsProbe(Duration.ofSeconds(5), Optional.of(dir.resolve("ca.pem")))
            .probe(URI.create("https://localhost:" + port));

    assertThat(facts.certificate())
        .hasValueSatisfying(
            c -> {
              assertThat(c.trusted()).isFalse();
              assertThat(c.issuer()).isEqualTo("CN=Shakedown demo CA,O=Shakedown demo");
              assertThat(c.trustProblem()).startsWith("it is not for localhost");
            });
  }

  @Test
  void should_probe_an_insecure_target_whatever_name_its_certificate_gives() throws Exception {
    int port = startRouter("--cert-names", "dns:donate.example.org");
    URI endpoint = URI.create("https://127.0.0.1:" + port);
    Duration timeout = Duration.ofSeconds(5);
    var insecure =
        new dev.shakedown.config.ProbeSettings(
            "/_router/health", timeout, null, null, null, true, null, null);
    var verified =
        new dev.shakedown.config.ProbeSettings(
            "/_router/health", timeout, null, null, null, false, null, null);

    var trusting =
        dev.shakedown.traffic.Probes.http(
                new dev.shakedown.traffic.ProbeTarget("router", endpoint, insecure, "test"))
            .probe();
    var checking =
        dev.shakedown.traffic.Probes.http(
                new dev.shakedown.traffic.ProbeTarget("router", endpoint, verified, "test"))
            .probe();

    assertThat(trusting.failure()).as("insecure: any certificate, for any name").isEmpty();
    assertThat(trusting.status()).isEqualTo(200);
    assertThat(checking.failure())
        .hasValueSatisfying(why -> assertThat(why).startsWith("TLS failed ("));
  }

  private static void handshake(SSLContext context, int port, String version) throws Exception {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      socket.setEnabledProtocols(new String[] {version});
      socket.startHandshake();
    } catch (javax.net.ssl.SSLHandshakeException | IllegalArgumentException refused) {
      throw refused instanceof SSLHandshakeException h ? h : new SSLHandshakeException(version);
    }
  }
}
