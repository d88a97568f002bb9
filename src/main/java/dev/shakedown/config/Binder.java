package dev.shakedown.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a composed YAML tree onto the config records, collecting every problem instead of stopping
 * at the first, each with the line and column of the node at fault. Jackson's data binding stops at
 * the first error and forgets where a value came from; a config with three typos deserves three
 * lines, not three runs.
 */
final class Binder {
  private static final Tag SECRET_TAG = new Tag("!secret");

  /** The tags of YAML's core schema a config may carry, explicitly or as resolved. */
  private static final Set<String> CORE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge");

  private final String file;
  private final ProviderCatalog providers;
  private final Interpolation interpolation;
  private final Redactor redactor;
  private final List<ConfigProblem> problems = new ArrayList<>();

  Binder(
      String file,
      ProviderCatalog providers,
      Function<String, String> environment,
      Redactor redactor) {
    this.file = file;
    this.providers = providers;
    this.interpolation = new Interpolation(environment);
    this.redactor = redactor;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  void problem(Node node, String key, String what, String fix) {
    int line = node == null ? 0 : node.getStartMark().getLine() + 1;
    int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
    problems.add(new ConfigProblem(file, line, column, key, what, fix));
  }

  /**
   * Binds {@code node} as {@code type}; null when it could not be bound (a problem was recorded).
   */
  Object bind(Node node, Type type, String path, Doc doc) {
    if (!knownTag(node, path)) {
      return null;
    }
    Class<?> raw = rawClass(type);
    if (isMapping(raw)) {
      return bindRecord(node, raw, path);
    }
    if (raw == List.class) {
      return bindList(node, typeArgument(type, 0), path, doc);
    }
    if (raw == Map.class) {
      return bindMap(node, typeArgument(type, 1), path, doc);
    }
    if (!(node instanceof ScalarNode scalar)) {
      problem(
          node,
          path,
          "expected " + describe(raw, doc) + ", found " + shape(node),
          hint(raw, doc, path));
      return null;
    }
    return bindScalar(scalar, raw, path, doc);
  }

  /**
   * A tag this config does not know ({@code !secert}) is refused: read as plain text, it would make
   * a value meant secret printable without a word.
   */
  private boolean knownTag(Node node, String path) {
    String tag = node.getTag().getValue();
    if (SECRET_TAG.equals(node.getTag())
        || (tag.startsWith(Tag.PREFIX) && CORE_TAGS.contains(tag.substring(Tag.PREFIX.length())))) {
      return true;
    }
    // As written: !!secret is the YAML core namespace's, not Shakedown's !secret.
    String written = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    problem(
        node,
        path.isEmpty() ? "(top level)" : path,
        "unknown tag '" + written + "'",
        Suggestions.closest(written.replace("!!", "!"), List.of(SECRET_TAG.getValue()))
            .map(known -> "did you mean '" + known + "'?")
            .orElse("the one tag Shakedown knows is " + SECRET_TAG.getValue()));
    return false;
  }

  private Object bindRecord(Node node, Class<?> type, String path) {
    if (path.isEmpty() && node instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
      problems.add(
          new ConfigProblem(
              file,
              1,
              1,
              "file",
              "has an empty document, where the keys deployment, services and clouds are expected",
              "describe at least one cloud under 'clouds:', as in config/clouds/local.yaml"));
      return null;
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(
          node,
          path,
          "expected a mapping of keys, found " + shape(node),
          "indent the keys of " + last(path) + " under it");
      return null;
    }
    Map<String, NodeTuple> entries = entries(mapping, path);
    RecordComponent[] components = type.getRecordComponents();
    Set<String> known = new LinkedHashSet<>();
    Object[] values = new Object[components.length];
    int problemsBefore = problems.size();
    boolean keysCheckable = true;

    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      if (component.isAnnotationPresent(ProviderSpecific.class)) {
        continue;
      }
      known.add(component.getName());
      values[i] = bindComponent(mapping, entries, component, path);
    }
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      if (!component.isAnnotationPresent(ProviderSpecific.class)) {
        continue;
      }
      String key = component.getAnnotation(ProviderSpecific.class).key();
      ProviderCatalog catalog =
          providers
              .keyedBy(key)
              .orElseThrow(() -> new IllegalStateException("no catalog for the key " + key));
      NodeTuple providerEntry = entries.get(key);
      int keyIndex = componentIndex(components, key);
      // The id as bound (interpolated), matched as the ids are spelt: `store: S3` and
      // `store: ${BACKUP_STORE}` name the same store as `store: s3`.
      if (keyIndex >= 0
          && providerEntry != null
          && values[keyIndex] == null
          && problems.size() > problemsBefore) {
        keysCheckable = false; // its value is refused already (an unset variable): said once
        continue;
      }
      String named =
          keyIndex >= 0 && values[keyIndex] instanceof String bound
              ? bound
              : providerEntry == null ? null : scalarValue(providerEntry.getValueNode());
      String provider = named == null ? null : named.toLowerCase(Locale.ROOT);
      var settingsType = provider == null ? null : catalog.settingsType(provider).orElse(null);
      if (settingsType != null && keyIndex >= 0 && values[keyIndex] instanceof String) {
        values[keyIndex] = provider;
      }
      if (settingsType == null) {
        if (provider != null) {
          String suggestion =
              Suggestions.closest(provider, catalog.known())
                  .map(s -> "did you mean '" + s + "'? ")
                  .orElse("");
          problem(
              providerEntry == null ? mapping : providerEntry.getValueNode(),
              join(path, key),
              "unknown " + key + " '" + named + "'",
              suggestion + "known: " + String.join(", ", catalog.known()));
        }
        keysCheckable = false;
        continue;
      }
      Object[] settings = new Object[settingsType.getRecordComponents().length];
      for (int j = 0; j < settings.length; j++) {
        RecordComponent settingsComponent = settingsType.getRecordComponents()[j];
        known.add(settingsComponent.getName());
        settings[j] = bindComponent(mapping, entries, settingsComponent, path);
      }
      values[i] = construct(settingsType, settings, mapping, path, problemsBefore);
    }
    if (keysCheckable) {
      for (var entry : entries.entrySet()) {
        if (!known.contains(entry.getKey())) {
          String suggestion =
              Suggestions.closest(entry.getKey(), known)
                  .map(s -> "did you mean '" + s + "'?")
                  .orElse("known keys here: " + String.join(", ", known));
          problem(
              entry.getValue().getKeyNode(),
              join(path, entry.getKey()),
              "unknown key '" + entry.getKey() + "'",
              suggestion);
        }
      }
    }
    return construct(type, values, mapping, path, problemsBefore);
  }

  private Object bindComponent(
      MappingNode mapping, Map<String, NodeTuple> entries, RecordComponent component, String path) {
    Doc doc = component.getAnnotation(Doc.class);
    String key = join(path, component.getName());
    NodeTuple entry = entries.get(component.getName());
    boolean absent = entry == null || isNull(entry.getValueNode());
    if (absent) {
      if (doc != null && doc.required()) {
        Node at = entry == null ? mapping : entry.getKeyNode();
        problem(
            at,
            key,
            entry == null ? "required key is missing" : "has no value",
            "add '" + component.getName() + ": " + exampleOf(component.getType(), doc) + "'");
      }
      return null;
    }
    Object bound = bind(entry.getValueNode(), component.getGenericType(), key, doc);
    if (bound instanceof String file && component.isAnnotationPresent(SecretFile.class)) {
      Credentials.registerFile(java.nio.file.Path.of(file), redactor);
    }
    return bound;
  }

  private Object construct(
      Class<?> type, Object[] values, Node at, String path, int problemsBefore) {
    if (problems.size() > problemsBefore) {
      return null;
    }
    Class<?>[] parameterTypes =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    try {
      var constructor = type.getDeclaredConstructor(parameterTypes);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SettingException setting) {
        Node node = at;
        if (at instanceof MappingNode mapping) {
          NodeTuple entry = entries(mapping, path).get(setting.key());
          node = entry == null ? at : entry.getValueNode();
        }
        problem(
            node,
            join(path, setting.key()),
            environmentAsWritten(setting.getMessage(), at),
            setting.fix());
        return null;
      }
      // Compact constructors check rules that span keys; their message is written for the user.
      problem(
          at,
          path.isEmpty() ? "(top level)" : path,
          environmentAsWritten(e.getCause().getMessage(), at),
          "");
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("config model " + type.getName() + " is not bindable", e);
    }
  }

  private List<Object> bindList(Node node, Type element, String path, Doc doc) {
    if (!(node instanceof SequenceNode sequence)) {
      problem(
          node,
          path,
          "expected a list, found " + shape(node),
          "write each item on its own line starting with '- '");
      return null;
    }
    List<Object> out = new ArrayList<>();
    int before = problems.size();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(bind(items.get(i), element, path + "[" + i + "]", doc));
    }
    return problems.size() > before ? null : List.copyOf(out);
  }

  private Map<String, Object> bindMap(Node node, Type value, String path, Doc doc) {
    if (!(node instanceof MappingNode mapping)) {
      problem(
          node,
          path,
          "expected a mapping of keys, found " + shape(node),
          "indent the entries of " + last(path) + " under it");
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int before = problems.size();
    for (var entry : entries(mapping, path).entrySet()) {
      Object bound = bind(entry.getValue().getValueNode(), value, join(path, entry.getKey()), doc);
      out.put(entry.getKey(), bound);
    }
    return problems.size() > before ? null : java.util.Collections.unmodifiableMap(out);
  }

  /** The entries of a mapping by key; duplicate and non-text keys are problems. */
  Map<String, NodeTuple> entries(MappingNode mapping, String path) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        problem(
            tuple.getKeyNode(),
            path,
            "a key must be plain text, found " + shape(tuple.getKeyNode()),
            "write the key as a word followed by ':'");
        continue;
      }
      String key = keyNode.getValue();
      NodeTuple first = out.putIfAbsent(key, tuple);
      if (first != null) {
        problem(
            keyNode,
            join(path, key),
            "duplicate key; it is already set on line "
                + (first.getKeyNode().getStartMark().getLine() + 1),
            "keep one of the two");
      }
    }
    return out;
  }

  private Object bindScalar(ScalarNode node, Class<?> type, String path, Doc doc) {
    List<String[]> interpolationProblems = new ArrayList<>();
    String value = interpolation.apply(node.getValue(), interpolationProblems);
    for (String[] p : interpolationProblems) {
      problem(node, path, p[0], p[1]);
    }
    if (!interpolationProblems.isEmpty()) {
      return null;
    }
    boolean secret = type == Secret.class || SECRET_TAG.equals(node.getTag());
    if (secret) {
      redactor.register(value);
    }
    // A value from the environment is shown as written: the environment may hold what the
    // config does not tag secret.
    String shown =
        secret
            ? Secret.REDACTED
            : value.equals(node.getValue())
                ? "'" + value + "'"
                : "'" + node.getValue() + "' (from the environment)";
    try {
      Object bound = convert(value, type, shown);
      if (bound instanceof Number number && doc != null && number.doubleValue() < doc.min()) {
        problem(
            node,
            path,
            shown + " is below the minimum " + format(doc.min()),
            "write " + format(doc.min()) + " or more");
        return null;
      }
      return bound;
    } catch (IllegalArgumentException e) {
      problem(
          node,
          path,
          secret || !value.equals(node.getValue())
              ? asWritten(e.getMessage(), value, shown)
              : e.getMessage(),
          hint(type, doc, path));
      return null;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(String value, Class<?> type, String shown) {
    if (type == String.class) {
      return value;
    }
    if (type == Secret.class) {
      return new Secret(value);
    }
    if (type == Integer.class || type == int.class) {
      try {
        return Integer.valueOf(value.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(shown + " is not a whole number");
      }
    }
    if (type == Double.class || type == double.class) {
      try {
        return Double.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(shown + " is not a number");
      }
    }
    if (type == Boolean.class || type == boolean.class) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException(shown + " is not true or false");
      };
    }
    if (type == Duration.class) {
      return Durations.parse(value);
    }
    if (type == Percentage.class) {
      return Percentage.parse(value);
    }
    if (type == URI.class) {
      return url(value, shown);
    }
    if (type == java.time.LocalDate.class) {
      try {
        return java.time.LocalDate.parse(value.trim());
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(shown + " is not a date as in 2027-03-31");
      }
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum) constant).name().equalsIgnoreCase(value.trim().replace('-', '_'))) {
          return constant;
        }
      }
      throw new IllegalArgumentException(shown + " is not one of " + enumValues(type));
    }
    throw new IllegalStateException("config model uses unsupported type " + type.getName());
  }

  private static URI url(String value, String shown) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(shown + " is not an absolute URL");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535) {
        throw new IllegalArgumentException(
            shown + " has port " + uri.getPort() + ", outside 1 to 65535");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(shown + " is not a URL (" + e.getReason() + ")");
    }
  }

  static String enumValues(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", "));
  }

  /** A record's own message, each value of its keys that came from the environment as written. */
  private String environmentAsWritten(String message, Node at) {
    if (message == null || !(at instanceof MappingNode mapping)) {
      return message;
    }
    String out = message;
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getValueNode() instanceof ScalarNode scalar && scalar.getValue().contains("${")) {
        String resolved = interpolation.apply(scalar.getValue(), new ArrayList<>());
        if (!resolved.isEmpty() && !resolved.equals(scalar.getValue())) {
          out = asWritten(out, resolved, "'" + scalar.getValue() + "' (from the environment)");
        }
      }
    }
    return out;
  }

  private static String asWritten(String message, String value, String shown) {
    String quoted = "'" + value + "'";
    if (message.contains(quoted)) {
      return message.replace(quoted, shown);
    }
    // Unquoted, a value of a character or two would be found inside other words.
    return value.length() < 3 ? message : message.replace(value, shown);
  }

  private static String hint(Class<?> type, Doc doc, String path) {
    return "write e.g. '" + last(path) + ": " + exampleOf(type, doc) + "'";
  }

  static String exampleOf(Class<?> type, Doc doc) {
    if (doc != null && !doc.example().isEmpty()) {
      return doc.example();
    }
    if (type == Duration.class) {
      return "10s";
    }
    if (type == Percentage.class) {
      return "99%";
    }
    if (type == Integer.class || type == int.class) {
      return "1";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true";
    }
    if (type == URI.class) {
      return "https://example.org";
    }
    if (type.isEnum()) {
      return enumValues(type).split(", ")[0];
    }
    if (type.isRecord() || type == Map.class) {
      return "{ ... }";
    }
    return "...";
  }

  private static String describe(Class<?> type, Doc doc) {
    if (type == Duration.class) {
      return "a duration";
    }
    if (type == Integer.class || type == int.class || type == Double.class) {
      return "a number";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (type == URI.class) {
      return "a URL";
    }
    return "a single value";
  }

  static String shape(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode scalar) {
      return "'" + scalar.getValue() + "'";
    }
    return "nothing";
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar
        && Tag.NULL.equals(scalar.getTag())
        && (scalar.getValue().isEmpty()
            || scalar.getValue().equals("~")
            || scalar.getValue().equals("null"));
  }

  private static int componentIndex(RecordComponent[] components, String name) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private String scalarValue(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  private static String format(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String last(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  /** Records are mappings of keys, except the value types written as one scalar. */
  static boolean isMapping(Class<?> type) {
    return type.isRecord() && type != Percentage.class;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("config model uses unsupported type " + type);
  }

  static Type typeArgument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
