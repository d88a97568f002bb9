package dev.shakedown.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Doc(
    "What counts as a success: a status in range, and where the body must say so too (a 200 that"
        + " reads {\"complete\": false} is not a success). The same rule for probes and for a load.")
public record SuccessSettings(
    @Doc(
            value =
                "Statuses that count: a class (2xx), a range (200-299) or a code, several with commas. Default 2xx.",
            example = "2xx")
        String status,
    @Doc(
            value =
                "What the body must hold as well: json:/pointer == value, json:/pointer != value (value as JSON: true, 3, \"up\"), or contains:text.",
            example = "json:/complete == true")
        String body) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLASS = Pattern.compile("([1-5])xx");
  private static final Pattern RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");
  private static final Pattern CODE = Pattern.compile("\\d{3}");
  private static final Pattern JSON_TEST =
      Pattern.compile("json:(/\\S*)\\s*(==|!=)\\s*(.+)", Pattern.DOTALL);

  // After the patterns: building it reads them.
  public static final SuccessSettings DEFAULT = new SuccessSettings(null, null);

  public SuccessSettings {
    status = status == null || status.isBlank() ? "2xx" : status.trim();
    ranges(status); // throws, worded for the user, if it does not read
    if (body != null) {
      body = body.trim();
      if (!body.startsWith("contains:")) {
        Matcher test = JSON_TEST.matcher(body);
        if (!test.matches()) {
          throw new IllegalArgumentException(
              "success.body '"
                  + body
                  + "' is not a condition; write json:/pointer == value, json:/pointer != value, or contains:text");
        }
        try {
          JSON.readTree(test.group(3).trim());
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "success.body '"
                  + body
                  + "': "
                  + test.group(3).trim()
                  + " is not a JSON value; quote a string (\"up\"), or write true, false or a number");
        }
      }
    }
  }

  /** Whether a body is needed to judge: a rule on the status alone needs none. */
  public boolean readsBody() {
    return body != null;
  }

  /**
   * Empty when the response is a success; otherwise why not, as in {@code HTTP 503} or {@code HTTP
   * 200, but json:/complete is false}.
   */
  public Optional<String> unmet(int status, String responseBody) {
    if (!statusMatches(status)) {
      return Optional.of("HTTP " + status);
    }
    if (body == null) {
      return Optional.empty();
    }
    if (body.startsWith("contains:")) {
      String text = body.substring("contains:".length());
      return responseBody != null && responseBody.contains(text)
          ? Optional.empty()
          : Optional.of("HTTP " + status + ", but the body lacks '" + text + "'");
    }
    Matcher test = JSON_TEST.matcher(body);
    test.matches();
    String pointer = test.group(1);
    boolean equal = test.group(2).equals("==");
    JsonNode expected;
    JsonNode actual;
    try {
      expected = JSON.readTree(test.group(3).trim());
      actual = responseBody == null ? null : JSON.readTree(responseBody).at(pointer);
    } catch (IOException e) {
      return Optional.of("HTTP " + status + ", but the body is not JSON");
    }
    if (actual == null || actual.isMissingNode()) {
      return Optional.of("HTTP " + status + ", but the body has no " + pointer);
    }
    if (actual.equals(expected) == equal) {
      return Optional.empty();
    }
    return Optional.of("HTTP " + status + ", but " + pointer + " is " + actual);
  }

  public boolean statusMatches(int code) {
    for (int[] range : ranges(status)) {
      if (code >= range[0] && code <= range[1]) {
        return true;
      }
    }
    return false;
  }

  /** {@code 2xx}, or {@code 2xx and json:/complete == true}. */
  public String describe() {
    return status + (body == null ? "" : " and " + body);
  }

  private static List<int[]> ranges(String status) {
    List<int[]> ranges = new ArrayList<>();
    for (String part : status.split(",")) {
      String text = part.trim().toLowerCase(Locale.ROOT);
      Matcher matcher;
      if ((matcher = CLASS.matcher(text)).matches()) {
        int hundred = Integer.parseInt(matcher.group(1)) * 100;
        ranges.add(new int[] {hundred, hundred + 99});
      } else if ((matcher = RANGE.matcher(text)).matches()) {
        int from = Integer.parseInt(matcher.group(1));
        int to = Integer.parseInt(matcher.group(2));
        if (from > to) {
          throw new IllegalArgumentException(
              "success.status '" + part.trim() + "' runs backwards; write the lower code first");
        }
        ranges.add(new int[] {from, to});
      } else if (CODE.matcher(text).matches()) {
        int code = Integer.parseInt(text);
        ranges.add(new int[] {code, code});
      } else {
        throw new IllegalArgumentException(
            "success.status '"
                + part.trim()
                + "' is not a status; write a class (2xx), a range (200-299) or a code (204), several with commas");
      }
    }
    return ranges;
  }
}
