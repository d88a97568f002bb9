package dev.shakedown.fleet.bosh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.rest.RestCalls;
import java.net.http.HttpResponse;

/**
 * The director's errors in words: {@code {"code": 70000, "description": "Deployment 'cf' doesn't
 * exist"}} (bosh-director errors.rb, api/controllers/base_controller.rb), quoted with the call that
 * got them and, on a missing scope, the scopes it needs.
 */
final class BoshErrors {
  /** UnauthorizedToAccessDeployment: the token lacks the scope (errors.rb), answered 401. */
  static final int MISSING_SCOPE = 600000;

  private BoshErrors() {}

  /** The director's error code; 0 where the body is none (a plain "Not authorized" text). */
  static int code(HttpResponse<String> response) {
    return RestCalls.parseOrEmpty(response.body()).path("code").asInt(0);
  }

  static FleetException of(String cloud, String call, HttpResponse<String> response, String needs) {
    JsonNode body = RestCalls.parseOrEmpty(response.body());
    int code = body.path("code").asInt(0);
    String description = body.path("description").asText("");
    String said = code == 0 ? "" : " " + description + " (code " + code + ")";
    String hint;
    if (code == MISSING_SCOPE) {
      hint = "; the client needs " + needs;
    } else if (response.statusCode() == 401) {
      hint = "; the token was refused even after a renewal: check clientId and clientSecret";
    } else if (response.statusCode() == 302 || response.statusCode() == 303) {
      hint = " to no task";
    } else {
      hint = "";
    }
    return new FleetException(
        "cloud '" + cloud + "': " + call + " answered " + response.statusCode() + said + hint);
  }
}
