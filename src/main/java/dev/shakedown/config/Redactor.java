package dev.shakedown.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blanks secrets out of text and structured values on their way to a log, a report or the console.
 * It knows two kinds: what the config tags secret (and every form derived from it: a URL's user
 * info, password and query values, the URL without its path, encoded and decoded), and what is a
 * credential by its shape whoever wrote it (a URL's user info, a query parameter named like a
 * token, key or signature). A second line of defence behind {@link Secret#toString()}.
 *
 * <p>Structured values are redacted before they are encoded: redacting encoded text would miss a
 * secret holding a quote or a backslash (JSON escapes them) and could break the encoding (a secret
 * {@code 100} in {@code "requests": 100}).
 */
public final class Redactor {
  /** A URL's user info, {@code scheme://user:password@}: the credential, whoever wrote it. */
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{1,15}://)([^/?#@\\s\"'<>]+)@");

  /** Query parameters that carry credentials: presigned URLs, API keys, OAuth tokens. */
  private static final Pattern QUERY_CREDENTIAL =
      Pattern.compile(
          "(?i)([?&;](?:access_token|id_token|refresh_token|token|api[_-]?key|apikey|key|signature|sig"
              + "|password|passwd|pwd|secret|client_secret|auth|x-amz-signature|x-amz-credential"
              + "|x-amz-security-token|x-goog-signature|x-goog-credential|sessiontoken)=)"
              + "([^&#\\s\"'<>]+)");

  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)(bearer|basic|token|digest|apikey)\\s+(\\S{3,})");

  /** Values the harness writes itself (instants, durations): never a secret, and parsed back. */
  private static final Pattern GENERATED =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z|PT[\\d.HMS]+");

  // Longest first, so a secret that contains another is replaced whole.
  private final Set<String> secrets =
      new ConcurrentSkipListSet<>(
          Comparator.comparingInt(String::length)
              .reversed()
              .thenComparing(Comparator.naturalOrder()));

  /** Redacts only what is a credential by its shape: where no config is loaded (yet). */
  public static String shapes(String text) {
    return text == null ? null : byShape(text);
  }

  /** Registers a secret and every form derived from it that could be printed apart. */
  public void register(String secret) {
    if (secret == null) {
      return;
    }
    add(secret);
    add(secret.strip());
    if (secret.endsWith("/")) {
      add(secret.substring(0, secret.length() - 1));
    }
    add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    derivedFromUrl(secret.strip());
    derivedFromAuthorization(secret.strip());
  }

  /**
   * {@code Bearer X}, {@code Basic B}: the credential after the scheme, and Basic's decoded pair.
   */
  private void derivedFromAuthorization(String value) {
    Matcher scheme = AUTHORIZATION.matcher(value);
    if (!scheme.matches()) {
      return;
    }
    String credential = scheme.group(2);
    add(credential);
    if (scheme.group(1).equalsIgnoreCase("basic")) {
      try {
        String pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        add(pair);
        int colon = pair.indexOf(':');
        if (colon >= 0) {
          add(pair.substring(colon + 1));
        }
      } catch (IllegalArgumentException notBase64) {
        // the credential itself is registered
      }
    }
  }

  private void derivedFromUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException notAUrl) {
      return;
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return;
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      // Whatever the URL resolves to (another path, the same path with a query) starts with this.
      add(uri.getScheme() + "://" + uri.getRawAuthority());
      add(uri.getRawAuthority());
      add(userInfo);
      add(decode(userInfo));
      add(Base64.getEncoder().encodeToString(decode(userInfo).getBytes(StandardCharsets.UTF_8)));
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        add(userInfo.substring(colon + 1));
        add(decode(userInfo.substring(colon + 1)));
      }
    }
    String query = uri.getRawQuery();
    if (query != null) {
      // The values of parameters named like credentials: the rest (format=json) is not secret.
      Matcher credential = QUERY_CREDENTIAL.matcher("?" + query);
      while (credential.find()) {
        add(credential.group(2));
        add(decode(credential.group(2)));
      }
    }
  }

  private void add(String form) {
    // One- and two-character values would blank out ordinary text; nobody's secret is that short.
    if (form != null && form.length() >= 3) {
      secrets.add(form);
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return text;
    }
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, Secret.REDACTED);
    }
    return byShape(out);
  }

  /**
   * The same tree with every string value redacted. Numbers stay numbers, field names stay (they
   * are the report's own), and so do the instants and durations the harness wrote: a short secret
   * must not make a timestamp unreadable.
   */
  public JsonNode redact(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual() && GENERATED.matcher(node.textValue()).matches()) {
      return node;
    }
    if (node.isTextual()) {
      String redacted = redact(node.textValue());
      return redacted.equals(node.textValue()) ? node : TextNode.valueOf(redacted);
    }
    if (node instanceof ObjectNode object) {
      ObjectNode out = object.objectNode();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        out.set(field.getKey(), redact(field.getValue()));
      }
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = array.arrayNode();
      array.forEach(item -> out.add(redact(item)));
      return out;
    }
    return node;
  }

  private static String byShape(String text) {
    String out = replace(USER_INFO, text, m -> m.group(1) + Secret.REDACTED + "@");
    return replace(QUERY_CREDENTIAL, out, m -> m.group(1) + Secret.REDACTED);
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    do {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }
}
