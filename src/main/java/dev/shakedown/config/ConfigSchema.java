package dev.shakedown.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of a cloud config file, generated from the same records the loader binds, so the
 * editor's completion and the loader can never disagree on a key.
 */
public final class ConfigSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INTERPOLATED = "\\$\\{";

  private ConfigSchema() {}

  public static String generate(ProviderCatalog providers) {
    ObjectNode schema = record(CloudsFile.class, providers);
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "urn:shakedown:schema:clouds");
    root.put("title", "Shakedown cloud config");
    root.setAll(schema);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode record(Class<?> type, ProviderCatalog providers) {
    ObjectNode node = JSON.createObjectNode();
    Doc typeDoc = type.getAnnotation(Doc.class);
    if (typeDoc != null) {
      node.put("description", typeDoc.value());
    }
    RecordComponent[] components = type.getRecordComponents();
    RecordComponent providerSpecific = null;
    for (RecordComponent component : components) {
      if (component.isAnnotationPresent(ProviderSpecific.class)) {
        providerSpecific = component;
      }
    }
    if (providerSpecific == null) {
      node.put("type", "object");
      addProperties(node, List.of(components), providers);
      node.put("additionalProperties", false);
      return node;
    }
    // One branch per provider: common keys plus that provider's keys, nothing else.
    String key = providerSpecific.getAnnotation(ProviderSpecific.class).key();
    ProviderCatalog catalog = providers.keyedBy(key).orElseThrow();
    ArrayNode branches = node.putArray("oneOf");
    for (String provider : catalog.known()) {
      ObjectNode branch = branches.addObject();
      branch.put("type", "object");
      List<RecordComponent> keys = new java.util.ArrayList<>();
      for (RecordComponent component : components) {
        if (!component.isAnnotationPresent(ProviderSpecific.class)) {
          keys.add(component);
        }
      }
      Class<? extends Record> settings = catalog.settingsType(provider).orElseThrow();
      keys.addAll(List.of(settings.getRecordComponents()));
      addProperties(branch, keys, providers);
      ((ObjectNode) branch.get("properties").get(key)).put("const", provider);
      Doc settingsDoc = settings.getAnnotation(Doc.class);
      if (settingsDoc != null) {
        branch.put("description", settingsDoc.value());
      }
      branch.put("additionalProperties", false);
    }
    return node;
  }

  private static void addProperties(
      ObjectNode node, List<RecordComponent> components, ProviderCatalog providers) {
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    for (RecordComponent component : components) {
      Doc doc = component.getAnnotation(Doc.class);
      ObjectNode property = type(component.getGenericType(), doc, providers);
      if (doc != null) {
        property.put("description", doc.value());
        if (!doc.example().isEmpty()) {
          property.putArray("examples").add(doc.example());
        }
        if (doc.required()) {
          required.add(component.getName());
        }
      }
      properties.set(component.getName(), property);
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
  }

  private static ObjectNode type(Type type, Doc doc, ProviderCatalog providers) {
    Class<?> raw = Binder.rawClass(type);
    ObjectNode node = JSON.createObjectNode();
    if (Binder.isMapping(raw)) {
      return record(raw, providers);
    }
    if (raw == List.class) {
      node.put("type", "array");
      node.set("items", type(Binder.typeArgument(type, 0), null, providers));
      return node;
    }
    if (raw == Map.class) {
      node.put("type", "object");
      node.set("additionalProperties", type(Binder.typeArgument(type, 1), null, providers));
      return node;
    }
    if (raw == String.class || raw == Secret.class) {
      node.put("type", "string");
      return node;
    }
    if (raw == URI.class) {
      node.put("type", "string");
      node.put("format", "uri");
      return node;
    }
    if (raw == Duration.class) {
      node.put("type", "string");
      node.put("pattern", "^(\\s*" + Durations.WITH_UNIT + "\\s*|PT.*|.*" + INTERPOLATED + ".*)$");
      return node;
    }
    if (raw == Percentage.class) {
      node.put("type", "string");
      node.put("pattern", "^(\\d+(\\.\\d+)?\\s*%?|.*" + INTERPOLATED + ".*)$");
      return node;
    }
    if (raw.isEnum()) {
      ArrayNode values = node.putArray("enum");
      for (String value : Binder.enumValues(raw).split(", ")) {
        values.add(value);
      }
      return node;
    }
    // Numbers and booleans may also be written as ${VAR}, which the editor sees as a string.
    ArrayNode anyOf = node.putArray("anyOf");
    ObjectNode typed = anyOf.addObject();
    typed.put(
        "type", raw == Boolean.class ? "boolean" : raw == Integer.class ? "integer" : "number");
    if (doc != null && doc.min() > -Double.MAX_VALUE) {
      typed.put("minimum", doc.min());
    }
    anyOf.addObject().put("type", "string").put("pattern", INTERPOLATED);
    return node;
  }
}
