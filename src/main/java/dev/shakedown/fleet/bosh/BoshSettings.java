package dev.shakedown.fleet.bosh;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;
import dev.shakedown.config.SettingException;
import dev.shakedown.fleet.Selection;
import java.net.URI;
import java.time.Duration;

@Doc(
    "provider 'bosh': the instances of one BOSH deployment (or one of its instance groups), through the director's API.")
public record BoshSettings(
    @Doc(
            value =
                "The BOSH director, as for bosh -e: https, port 25555 where none is given (http only on this machine's loopback).",
            required = true,
            example = "https://10.0.0.6:25555")
        URI director,
    @Doc(
            value = "The deployment whose instances are this cloud's.",
            required = true,
            example = "cf")
        String deployment,
    @Doc(
            value = "Only the instances of this instance group; all the deployment's when absent.",
            example = "router")
        String instanceGroup,
    @Doc(
            value =
                "A UAA client of the director (client credentials grant, as BOSH_CLIENT) with bosh.admin or bosh.<director uuid>.admin; a team's admin scope can stop and start its instances but not delete VMs.",
            required = true,
            example = "shakedown")
        String clientId,
    @Doc(
            value = "The client's secret (as BOSH_CLIENT_SECRET).",
            required = true,
            example = "${BOSH_CLIENT_SECRET}")
        Secret clientSecret,
    @Doc(
            value =
                "A PEM file of the CA that signed the director's and its UAA's certificates (as BOSH_CA_CERT).",
            example = "/etc/shakedown/bosh-ca.pem")
        String caCert,
    @Doc(
            value =
                "Accept any certificate from the director and UAA: for a lab only; a gate should name caCert instead.",
            example = "false")
        Boolean skipSslValidation,
    @Doc(
            value =
                "The port each instance serves on, for checks that reach an instance directly at its first IP.",
            example = "8080")
        Integer port,
    @Doc(
            value =
                "How often the instances are listed while waiting; each listing is a director task.",
            example = "5s")
        Duration pollInterval) {

  /** Each listing runs a task on the director: looked at less often than a cloud's API. */
  static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

  public BoshSettings {
    if (director == null) {
      throw new SettingException(
          "director",
          "a bosh cloud needs the director's URL",
          "add director:, as for bosh -e, e.g. https://10.0.0.6:25555");
    }
    director = reachable(director);
    if (deployment == null || deployment.isBlank()) {
      throw new SettingException(
          "deployment", "a bosh cloud needs its deployment", "add deployment:, as for bosh -d");
    }
    if (clientId == null || clientId.isBlank()) {
      throw new SettingException(
          "clientId",
          "a bosh cloud logs in as a UAA client",
          "add clientId: and clientSecret:, as BOSH_CLIENT and BOSH_CLIENT_SECRET");
    }
    if (clientSecret == null) {
      throw new SettingException("clientSecret", "clientId needs its secret", "add clientSecret:");
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new SettingException("port", "port " + port + " is no TCP port", "give 1 to 65535");
    }
    skipSslValidation = skipSslValidation != null && skipSslValidation;
    if (skipSslValidation && caCert != null) {
      throw new SettingException(
          "skipSslValidation",
          "skipSslValidation: true would ignore caCert " + caCert,
          "keep caCert and drop skipSslValidation");
    }
    pollInterval = pollInterval == null ? DEFAULT_POLL : Selection.pollInterval(pollInterval);
  }

  /**
   * As the bosh CLI reaches a director (bosh-cli director/factory_config.go): https, port 25555
   * where none is given. Plain http carries the client's token in the clear: only to loopback.
   */
  private static URI reachable(URI director) {
    String scheme = director.getScheme() == null ? "" : director.getScheme();
    String host = director.getHost();
    if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new SettingException(
          "director",
          "director " + director + " is no https URL",
          "give it as https://HOST:25555, the address bosh -e takes");
    }
    boolean loopback =
        host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
    if (scheme.equals("http") && !loopback) {
      throw new SettingException(
          "director",
          "director " + director + " would carry the client's token unencrypted",
          "use https://" + host + (director.getPort() < 0 ? "" : ":" + director.getPort()));
    }
    if (director.getPort() < 0) {
      return URI.create(
          scheme + "://" + director.getRawAuthority() + ":25555" + director.getRawPath());
    }
    return director;
  }

  String selector() {
    return (instanceGroup == null ? "" : "instance group " + instanceGroup + " of ")
        + "deployment "
        + deployment;
  }
}
