package dev.shakedown.fleet.cloudfoundry;

import dev.shakedown.config.Doc;
import dev.shakedown.config.Secret;
import dev.shakedown.config.SettingException;
import dev.shakedown.fleet.Selection;
import java.net.URI;
import java.time.Duration;

@Doc(
    "provider 'cloudfoundry': the instances of one process of one Cloud Foundry app, through the Cloud Controller's v3 API.")
public record CloudFoundrySettings(
    @Doc(
            value = "The Cloud Controller's API, as for cf api.",
            required = true,
            example = "https://api.sys.example.org")
        URI api,
    @Doc(value = "The organization of the app.", required = true, example = "donations") String org,
    @Doc(value = "The space of the app.", required = true, example = "production") String space,
    @Doc(
            value = "The app whose instances are this cloud's.",
            required = true,
            example = "donations")
        String app,
    @Doc(value = "The app's process type whose instances are killed.", example = "web")
        String processType,
    @Doc(
            value =
                "A user with the Space Developer role, logged in as cf login does (UAA password grant, client cf).",
            example = "shakedown")
        String username,
    @Doc(value = "The user's password.", example = "${CF_PASSWORD}") Secret password,
    @Doc(
            value = "A UAA client instead of a user (client credentials grant).",
            example = "shakedown")
        String clientId,
    @Doc(value = "The client's secret.", example = "${CF_CLIENT_SECRET}") Secret clientSecret,
    @Doc(
            value =
                "A PEM file of the CA that signed the API's and UAA's certificates, when the JVM's own do not.",
            example = "/etc/shakedown/cf-ca.pem")
        String caCert,
    @Doc(
            value =
                "Accept any certificate from the API and UAA: for a lab only; a gate should name caCert instead.",
            example = "false")
        Boolean skipSslValidation,
    @Doc(value = "How often the instances are listed while waiting.", example = "2s")
        Duration pollInterval) {

  public CloudFoundrySettings {
    if (api == null) {
      throw new SettingException(
          "api",
          "a cloudfoundry cloud needs the Cloud Controller's URL",
          "add api:, as for cf api, e.g. https://api.sys.example.org");
    }
    for (String[] named : new String[][] {{"org", org}, {"space", space}, {"app", app}}) {
      if (named[1] == null || named[1].isBlank()) {
        throw new SettingException(
            named[0],
            "a cloudfoundry cloud needs " + named[0],
            "name the org, space and app, as cf target -o ORG -s SPACE and cf app APP would");
      }
    }
    processType = processType == null ? "web" : processType;
    boolean user = username != null;
    boolean client = clientId != null;
    if (user == client || user && clientSecret != null || client && password != null) {
      throw new SettingException(
          user ? "clientId" : "username",
          "log in as a user or as a client, one of the two",
          "give username and password, or clientId and clientSecret");
    }
    if (user && password == null) {
      throw new SettingException("password", "username needs its password", "add password:");
    }
    if (client && clientSecret == null) {
      throw new SettingException("clientSecret", "clientId needs its secret", "add clientSecret:");
    }
    skipSslValidation = skipSslValidation != null && skipSslValidation;
    pollInterval = Selection.pollInterval(pollInterval);
  }

  String selector() {
    return "process " + processType + " of app " + app + " in org " + org + ", space " + space;
  }
}
