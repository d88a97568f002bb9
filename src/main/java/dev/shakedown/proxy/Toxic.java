package dev.shakedown.proxy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A toxic in Toxiproxy's own model: name, type, stream, toxicity and attributes, with the same
 * defaults and the same refusals as Toxiproxy.
 */
public record Toxic(
    String name, String type, String stream, double toxicity, Map<String, Long> attributes) {
  static final Map<String, Set<String>> ATTRIBUTES =
      Map.of(
          "latency", Set.of("latency", "jitter"),
          "bandwidth", Set.of("rate"),
          "slow_close", Set.of("delay"),
          "timeout", Set.of("timeout"),
          "reset_peer", Set.of("timeout"),
          "slicer", Set.of("average_size", "size_variation", "delay"),
          "limit_data", Set.of("bytes"));

  public Toxic {
    if (!ATTRIBUTES.containsKey(type)) {
      throw new ToxiproxyApiException(400, "invalid toxic type: " + type);
    }
    stream = stream == null || stream.isEmpty() ? "downstream" : stream.toLowerCase(Locale.ROOT);
    if (!stream.equals("upstream") && !stream.equals("downstream")) {
      throw new ToxiproxyApiException(
          400, "stream was invalid, can be either upstream or downstream");
    }
    if (toxicity < 0 || toxicity > 1) {
      throw new ToxiproxyApiException(400, "toxicity must be between 0 and 1");
    }
    name = name == null || name.isEmpty() ? type + "_" + stream : name;
    Map<String, Long> complete = new LinkedHashMap<>();
    for (String key : ATTRIBUTES.get(type)) {
      complete.put(key, 0L);
    }
    if (attributes != null) {
      attributes.forEach(
          (key, value) -> {
            if (complete.containsKey(key)) {
              complete.put(key, value);
            }
          });
    }
    attributes = Map.copyOf(complete);
  }

  long attribute(String key) {
    return attributes.getOrDefault(key, 0L);
  }

  boolean upstream() {
    return stream.equals("upstream");
  }
}
