package dev.shakedown.faults;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A toxic in Toxiproxy's own terms: its type, the stream it acts on, the share of connections it
 * touches (toxicity) and its attributes, each as Toxiproxy names it. Every type Toxiproxy 2 knows
 * can be written, on either stream:
 *
 * <pre>{@code
 * ToxicSpec.of("latency").upstream().attribute("latency", 200).toxicity(0.3)
 * }</pre>
 */
public record ToxicSpec(String type, Stream stream, double toxicity, Map<String, Long> attributes) {
  /** Toxiproxy's streams: upstream is client to server, downstream server to client. */
  public enum Stream {
    UPSTREAM,
    DOWNSTREAM
  }

  /** Each type with the attributes it takes; the first is the one it needs. */
  static final Map<String, java.util.List<String>> TYPES =
      Map.of(
          "latency", java.util.List.of("latency", "jitter"),
          "bandwidth", java.util.List.of("rate"),
          "slow_close", java.util.List.of("delay"),
          "timeout", java.util.List.of("timeout"),
          "reset_peer", java.util.List.of("timeout"),
          "slicer", java.util.List.of("average_size", "size_variation", "delay"),
          "limit_data", java.util.List.of("bytes"));

  public ToxicSpec {
    if (!TYPES.containsKey(type)) {
      throw new IllegalArgumentException(
          "no toxic type '"
              + type
              + "'; Toxiproxy's are "
              + String.join(", ", sorted(TYPES.keySet())));
    }
    if (!(toxicity > 0 && toxicity <= 1)) {
      throw new IllegalArgumentException(
          "toxicity "
              + toxicity
              + " is not a share of connections; give more than 0 and at most 1");
    }
    for (var attribute : attributes.entrySet()) {
      if (!TYPES.get(type).contains(attribute.getKey())) {
        throw new IllegalArgumentException(
            "a "
                + type
                + " toxic has no attribute '"
                + attribute.getKey()
                + "'; it has "
                + String.join(", ", TYPES.get(type)));
      }
      if (attribute.getValue() < 0) {
        throw new IllegalArgumentException(
            type + "." + attribute.getKey() + " is " + attribute.getValue() + "; give 0 or more");
      }
    }
    attributes = Map.copyOf(attributes);
  }

  /** A toxic of {@code type} on the downstream, for every connection, with no attribute yet. */
  public static ToxicSpec of(String type) {
    return new ToxicSpec(type, Stream.DOWNSTREAM, 1.0, Map.of());
  }

  public ToxicSpec upstream() {
    return new ToxicSpec(type, Stream.UPSTREAM, toxicity, attributes);
  }

  public ToxicSpec downstream() {
    return new ToxicSpec(type, Stream.DOWNSTREAM, toxicity, attributes);
  }

  /** The share of connections it touches, from more than 0 to 1. */
  public ToxicSpec toxicity(double share) {
    return new ToxicSpec(type, stream, share, attributes);
  }

  public ToxicSpec attribute(String name, long value) {
    Map<String, Long> more = new LinkedHashMap<>(attributes);
    more.put(name, value);
    return new ToxicSpec(type, stream, toxicity, more);
  }

  /** The attribute, or 0 where it is not set (as Toxiproxy takes a missing one). */
  public long attribute(String name) {
    return attributes.getOrDefault(name, 0L);
  }

  /** {@code latency upstream (latency=200, jitter=0), for 30% of connections}. */
  public String describe() {
    StringBuilder out =
        new StringBuilder(type).append(' ').append(stream.name().toLowerCase(Locale.ROOT));
    out.append(" (");
    out.append(
        String.join(", ", TYPES.get(type).stream().map(a -> a + "=" + attribute(a)).toList()));
    out.append(')');
    if (toxicity < 1) {
      out.append(String.format(Locale.ROOT, ", for %.0f%% of connections", toxicity * 100));
    }
    return out.toString();
  }

  private static java.util.List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
