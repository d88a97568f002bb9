package dev.shakedown.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Loads and validates cloud config files. Reads every file, reports every problem of every file in
 * one {@link ConfigException}, and only then hands out a config, so a run never starts on half a
 * config.
 */
public final class ConfigLoader {
  private final ProviderCatalog providers;
  private final Function<String, String> environment;

  public ConfigLoader(ProviderCatalog providers, Function<String, String> environment) {
    this.providers = providers;
    this.environment = environment;
  }

  public static ConfigLoader withSystemEnvironment(ProviderCatalog providers) {
    return new ConfigLoader(providers, System::getenv);
  }

  public ShakedownConfig load(List<Path> files) {
    List<ConfigProblem> problems = new ArrayList<>();
    Redactor redactor = new Redactor();
    Credentials.registerEnvironment(environment, redactor);
    Map<String, Cloud> clouds = new LinkedHashMap<>();
    Map<String, ServiceSettings> services = new LinkedHashMap<>();
    SetOnce<DeploymentSettings> deployment =
        new SetOnce<>("deployment", "the deployment is already described in ");
    SetOnce<HistorySettings> history = new SetOnce<>("history", "the history is already set in ");
    if (files.isEmpty()) {
      problems.add(
          new ConfigProblem(
              "--clouds",
              0,
              0,
              "clouds",
              "no config file given",
              "name one, e.g. --clouds config/clouds/local.yaml"));
    }
    for (Path file : files) {
      String name = file.toString();
      Optional<Node> root = compose(file, problems);
      if (root.isEmpty()) {
        continue;
      }
      Binder binder = new Binder(name, providers, environment, redactor);
      CloudsFile parsed = (CloudsFile) binder.bind(root.get(), CloudsFile.class, "", null);
      problems.addAll(binder.problems());
      if (parsed == null) {
        continue;
      }
      deployment.offer(parsed.deployment(), name, root.get(), problems);
      history.offer(parsed.history(), name, root.get(), problems);
      for (var entry : parsed.services().entrySet()) {
        if (services.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
          problems.add(
              new ConfigProblem(
                  name,
                  1,
                  1,
                  "services." + entry.getKey(),
                  "service '" + entry.getKey() + "' is already defined in another --clouds file",
                  "service names must be unique across the files; rename one"));
        }
      }
      for (var entry : parsed.clouds().entrySet()) {
        int line = cloudLine(root.get(), entry.getKey());
        Cloud previous = clouds.get(entry.getKey());
        if (previous != null) {
          problems.add(
              new ConfigProblem(
                  name,
                  line,
                  3,
                  "clouds." + entry.getKey(),
                  "cloud '" + entry.getKey() + "' is already defined at " + previous.location(),
                  "cloud names must be unique across the --clouds files; rename one"));
          continue;
        }
        clouds.put(entry.getKey(), new Cloud(entry.getKey(), entry.getValue(), name, line));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.stream().map(p -> p.redacted(redactor)).toList());
    }
    // Config order is kept: clouds are opened, listed and reported in the order the user wrote
    // them.
    return new ShakedownConfig(
        List.copyOf(files),
        Optional.ofNullable(deployment.value),
        Collections.unmodifiableMap(clouds),
        Collections.unmodifiableMap(services),
        history.value == null ? HistorySettings.DEFAULT : history.value,
        redactor);
  }

  /**
   * One YAML file bound onto {@code type}, every problem reported at once, as for the cloud files.
   */
  public <T> T loadFile(Path file, Class<T> type) {
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<Node> root = compose(file, problems);
    T bound = null;
    if (root.isPresent()) {
      Binder binder = new Binder(file.toString(), providers, environment, new Redactor());
      bound = type.cast(binder.bind(root.get(), type, "", null));
      problems.addAll(binder.problems());
    }
    if (!problems.isEmpty() || bound == null) {
      throw new ConfigException(problems);
    }
    return bound;
  }

  /**
   * A cloud bound from plain settings, as a ledger recorded them, checked as a file's would be.
   *
   * @param source how messages name where it came from
   */
  public Cloud cloud(String source, String name, String provider, Map<String, Object> settings) {
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("provider", provider);
    cloud.putAll(settings);
    String text = new Yaml().dump(Map.of("clouds", Map.of(name, cloud)));
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<Node> root = composeText(source, text, problems);
    if (root.isPresent()) {
      Binder binder = new Binder(source, providers, environment, new Redactor());
      CloudsFile parsed = (CloudsFile) binder.bind(root.get(), CloudsFile.class, "", null);
      problems.addAll(binder.problems());
      if (parsed != null && problems.isEmpty()) {
        return new Cloud(name, parsed.clouds().get(name), source, 1);
      }
    }
    throw new ConfigException(problems);
  }

  /**
   * A key that at most one --clouds file of a run sets: a problem for each file after the first.
   */
  private static final class SetOnce<T> {
    private final String key;
    private final String already;
    private T value;
    private String file;

    SetOnce(String key, String already) {
      this.key = key;
      this.already = already;
    }

    void offer(T candidate, String name, Node root, List<ConfigProblem> problems) {
      if (candidate == null) {
        return;
      }
      if (value != null) {
        problems.add(
            new ConfigProblem(
                name,
                line(root, key),
                1,
                key,
                already + file,
                "keep '" + key + ":' in one of the files"));
      }
      value = candidate;
      file = name;
    }
  }

  /** The YAML tree of a file, or empty with the problem recorded. */
  private Optional<Node> compose(Path file, List<ConfigProblem> problems) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      problems.add(
          new ConfigProblem(
              name,
              1,
              1,
              "file",
              "is a directory, not a config file",
              "name a .yaml file inside it" + listing(file)));
      return Optional.empty();
    }
    if (!Files.exists(file)) {
      problems.add(
          new ConfigProblem(name, 1, 1, "file", "no such file", "check the path" + siblings(file)));
      return Optional.empty();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      problems.add(new ConfigProblem(name, 1, 1, "file", "is not UTF-8 text", "save it as UTF-8"));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(
          new ConfigProblem(
              name,
              1,
              1,
              "file",
              "cannot be read (" + e.getMessage() + ")",
              "check its permissions"));
      return Optional.empty();
    }
    return composeText(name, text, problems);
  }

  private static Optional<Node> composeText(
      String name, String text, List<ConfigProblem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // the binder reports duplicates with both lines
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try (Reader reader = new StringReader(text)) {
      root = yaml.compose(reader);
    } catch (MarkedYAMLException e) {
      problems.add(syntaxProblem(name, e));
      return Optional.empty();
    } catch (YAMLException | IOException e) {
      problems.add(
          new ConfigProblem(
              name,
              1,
              1,
              "syntax",
              String.valueOf(e.getMessage()).lines().findFirst().orElse("invalid YAML"),
              "check the YAML syntax"));
      return Optional.empty();
    }
    if (root == null) {
      problems.add(
          new ConfigProblem(
              name,
              1,
              1,
              "file",
              "is empty",
              "describe at least one cloud under 'clouds:', as in config/clouds/local.yaml"));
      return Optional.empty();
    }
    return Optional.of(root);
  }

  private static ConfigProblem syntaxProblem(String file, MarkedYAMLException e) {
    // An unclosed quote or bracket is found at the end of the file; where it opened is the place to
    // fix.
    boolean atEnd = String.valueOf(e.getProblem()).contains("end of stream");
    var mark =
        e.getContextMark() != null && (atEnd || e.getProblemMark() == null)
            ? e.getContextMark()
            : e.getProblemMark();
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    String problem = String.valueOf(e.getProblem());
    if (problem.contains("\\t") || problem.contains("TAB")) {
      return new ConfigProblem(
          file,
          line,
          column,
          "syntax",
          "a tab character is used for indentation",
          "YAML indents with spaces only; replace the tab with spaces");
    }
    String context = e.getContext() == null ? "" : e.getContext() + ": ";
    return new ConfigProblem(
        file,
        line,
        column,
        "syntax",
        "invalid YAML (" + context + problem + ")",
        "check the indentation and quoting near here");
  }

  private static int line(Node root, String key) {
    if (root instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (key.equals(Binder.shape(tuple.getKeyNode()).replace("'", ""))) {
          return tuple.getKeyNode().getStartMark().getLine() + 1;
        }
      }
    }
    return 0;
  }

  private static int cloudLine(Node root, String cloud) {
    if (root instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getValueNode() instanceof MappingNode clouds
            && "'clouds'".equals(Binder.shape(tuple.getKeyNode()))) {
          return line(clouds, cloud);
        }
      }
    }
    return 0;
  }

  private static String listing(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<String> yaml =
          files
              .map(Path::toString)
              .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
              .sorted()
              .toList();
      return yaml.isEmpty() ? "" : " (" + String.join(", ", yaml) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String siblings(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return "";
    }
    try (Stream<Path> files = Files.list(parent)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      return Suggestions.closest(file.getFileName().toString(), names)
          .map(
              s ->
                  "; did you mean "
                      + (file.getParent() == null ? s : file.getParent().resolve(s))
                      + "?")
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }
}
