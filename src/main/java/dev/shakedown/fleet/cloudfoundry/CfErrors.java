package dev.shakedown.fleet.cloudfoundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.rest.RestCalls;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * CF's error bodies in words: {@code {"errors": [{"code": 10003, "title": "CF-NotAuthorized",
 * "detail": "..."}]}} (cloud_controller_ng errors/v3.yml and vendor/errors/v2.yml), quoted with the
 * call that got them and, on a 403, the role it needs.
 */
final class CfErrors {
  private CfErrors() {}

  static FleetException of(String cloud, String call, HttpResponse<String> response, String needs) {
    List<String> errors = new ArrayList<>();
    for (JsonNode error : RestCalls.parseOrEmpty(response.body()).path("errors")) {
      errors.add(
          error.path("title").asText("?")
              + " ("
              + error.path("code").asText("?")
              + "): "
              + error.path("detail").asText(""));
    }
    // No CF error body (a router's page, say): the status says what there is to say.
    String said = errors.isEmpty() ? "" : " " + String.join("; ", errors);
    String hint =
        switch (response.statusCode()) {
          case 401 -> "; the token was refused even after a renewal: check the credentials";
          case 403 -> "; the user or client needs " + needs;
          default -> "";
        };
    return new FleetException(
        "cloud '" + cloud + "': " + call + " answered " + response.statusCode() + said + hint);
  }
}
