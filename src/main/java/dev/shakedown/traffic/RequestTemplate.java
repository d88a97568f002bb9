package dev.shakedown.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.config.LoadSettings;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests of a load, from the config: the body template filled per request ({@code {uuid}}, {@code
 * {seq}}, {@code {random:1-100}}), the accepted id taken from the response, and the request that
 * reads it back. Braces rather than {@code ${}}: that is the config's environment interpolation.
 */
public final class RequestTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(uuid|seq|random:(\\d+)-(\\d+))}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final URI target; // resolved once: every request of a load goes to the same path
  private final LoadSettings settings;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public RequestTemplate(URI endpoint, LoadSettings settings) {
    this.endpoint = endpoint;
    this.target = endpoint.resolve(settings.path());
    this.settings = settings;
    settings.headers().forEach((name, value) -> headers.put(name, value.reveal()));
  }

  public LoadSettings settings() {
    return settings;
  }

  /** The deployment's endpoint, which the settings' paths are resolved against. */
  public URI endpoint() {
    return endpoint;
  }

  /** Request {@code seq} of the load, with the placeholders of its headers and body filled. */
  public LoadRequest request(long seq) {
    Map<String, String> filled = new LinkedHashMap<>();
    headers.forEach((name, value) -> filled.put(name, fill(value, seq)));
    return new LoadRequest(
        settings.method(),
        target,
        filled,
        settings.body() == null ? null : fill(settings.body(), seq));
  }

  static String fill(String template, long seq) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value;
      if (matcher.group(1).equals("uuid")) {
        value = UUID.randomUUID().toString();
      } else if (matcher.group(1).equals("seq")) {
        value = Long.toString(seq);
      } else {
        long low = Long.parseLong(matcher.group(2));
        long high = Long.parseLong(matcher.group(3));
        value = Long.toString(ThreadLocalRandom.current().nextLong(low, high + 1));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The id of an accepted write in a response, where the config says it is. */
  public Optional<String> acceptedId(LoadGenerator.Response response) {
    String where = settings.acceptedId();
    if (where == null) {
      return Optional.empty();
    }
    if (where.startsWith("header:")) {
      String name = where.substring("header:".length());
      return response.headers().entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst();
    }
    try {
      JsonNode value = JSON.readTree(response.body()).at(where.substring("json:".length()));
      return value.isMissingNode() || value.isNull()
          ? Optional.empty()
          : Optional.of(value.asText());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public Optional<URI> readBack(String id) {
    return Optional.ofNullable(settings.readBack())
        .map(path -> endpoint.resolve(path.replace("{id}", id)));
  }
}
