package dev.shakedown.config;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A settings record as plain YAML values, with every secret left out: what a ledger may keep of a
 * cloud so that a sweep can reopen it without the run that used it. Whatever was secret (keys,
 * passwords, headers) comes again from the same sources at sweep time, never from the ledger.
 */
public final class NonSecretSettings {
  private NonSecretSettings() {}

  /**
   * @param redactor knows the values tagged {@code !secret}; a value that holds one is left out
   */
  public static Map<String, Object> of(Record settings, Redactor redactor) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (settings == null) {
      return values;
    }
    for (RecordComponent component : settings.getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(settings);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component.getName(), e);
      }
      Object plain = plain(value, redactor);
      if (plain != null) {
        values.put(component.getName(), plain);
      }
    }
    return values;
  }

  /** The value as YAML would write it; null for a secret, or anything holding one. */
  private static Object plain(Object value, Redactor redactor) {
    if (value == null || value instanceof Secret) {
      return null;
    }
    if (value instanceof Record record) {
      return of(record, redactor);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (var entry : map.entrySet()) {
        if (entry.getValue() instanceof Secret) {
          return null;
        }
        Object plain = plain(entry.getValue(), redactor);
        if (plain == null) {
          return null;
        }
        out.put(String.valueOf(entry.getKey()), plain);
      }
      return out;
    }
    if (value instanceof Collection<?> list) {
      if (list.stream().anyMatch(Secret.class::isInstance)) {
        return null;
      }
      List<Object> out = new java.util.ArrayList<>();
      for (Object item : list) {
        Object plain = plain(item, redactor);
        if (plain == null) {
          return null;
        }
        out.add(plain);
      }
      return out;
    }
    if (value instanceof Duration duration) {
      return duration.toString();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    if (value instanceof URI uri) {
      // User info and a query may carry credentials: a sweep gets them from the config again.
      return uri.getUserInfo() != null || uri.getQuery() != null
          ? null
          : unlessSecret(uri.toString(), redactor);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return unlessSecret(String.valueOf(value), redactor);
  }

  private static String unlessSecret(String text, Redactor redactor) {
    return redactor.redact(text).equals(text) ? text : null;
  }
}
