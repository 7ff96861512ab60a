package dev.geyserpool.gateway.config.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.geyserpool.gateway.config.ConfigException;
import dev.geyserpool.gateway.config.ConfigProblem;
import dev.geyserpool.gateway.config.GatewaySettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads {@link GatewaySettings} from YAML text and an environment: reads the file's keys (unknown
 * ones are problems naming the nearest known key), lets {@code GEYSERPOOL_*} variables override
 * them (unknown {@code GEYSERPOOL_*} variables are problems too: a misspelt override must not be
 * silently ignored), parses every value as text the same way whatever its origin, then validates.
 * Every problem of every stage is reported at once, each with where its value came from.
 *
 * <p>Stateless and thread-safe.
 */
public final class SettingsLoader {
  private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private SettingsLoader() {}

  /**
   * Loads the settings.
   *
   * @throws ConfigException listing every problem
   */
  public static GatewaySettings load(String yaml, String sourceName, Map<String, String> environment) {
    List<ConfigProblem> problems = new ArrayList<>(); // located already: the file, its keys, the variables
    List<ConfigProblem> valueProblems = new ArrayList<>(); // about values: their source is added below
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new HashMap<>();

    JsonNode root = readTree(yaml, sourceName, problems);
    if (root != null && root.isObject()) {
      walk(root, "", sourceName, values, sources, problems);
    } else if (root != null && !root.isNull() && !root.isMissingNode()) {
      problems.add(new ConfigProblem("file", sourceName + " is a YAML " + root.getNodeType().name().toLowerCase()
          + ", but must be a mapping of sections such as upstream:, kafka:, admin: and pool:"));
    }

    Set<String> known = new TreeSet<>();
    for (SettingKey<?> key : SettingKeys.ALL) {
      known.add(key.envVar());
      String override = environment.get(key.envVar());
      if (override != null) {
        values.put(key.path(), override);
        sources.put(key.path(), "environment variable " + key.envVar());
      }
    }
    String tokenEnv = values.getOrDefault("upstream.tokenEnv", GatewaySettings.DEFAULT_TOKEN_ENV).strip();
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith(KeyNames.ENV_PREFIX) && !known.contains(name) && !name.equals(tokenEnv)) {
        problems.add(new ConfigProblem(name, "environment variable " + name + " is not a setting; did you mean "
            + KeyNames.nearest(name, known) + "? (each " + KeyNames.ENV_PREFIX + " variable overrides one key)"));
      }
    }

    GatewaySettings.Builder builder = GatewaySettings.builder().environment(environment).sources(sources);
    for (SettingKey<?> key : SettingKeys.ALL) {
      String text = values.get(key.path());
      if (text != null) {
        key.apply(builder, text).ifPresent(message -> valueProblems.add(new ConfigProblem(key.path(), message)));
      }
    }
    GatewaySettings settings = null;
    try {
      settings = builder.build();
    } catch (ConfigException e) {
      valueProblems.addAll(e.problems());
    }
    valueProblems.forEach(p -> problems.add(withSource(p, sources)));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return settings;
  }

  private static JsonNode readTree(String yaml, String sourceName, List<ConfigProblem> problems) {
    try {
      return YAML.readTree(yaml);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      problems.add(new ConfigProblem("file", sourceName + " is not valid YAML" + where + ": " + e.getOriginalMessage()));
      return null;
    }
  }

  private static void walk(JsonNode node, String prefix, String sourceName, Map<String, String> values,
      Map<String, String> sources, List<ConfigProblem> problems) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode child = field.getValue();
      Optional<SettingKey<?>> key = SettingKeys.ALL.stream().filter(k -> k.path().equals(path)).findFirst();
      if (key.isPresent()) {
        if (child.isContainerNode()) {
          problems.add(new ConfigProblem(path, path + " is a " + (child.isArray() ? "list" : "mapping")
              + ", but must be a single value (in " + sourceName + ")"));
        } else {
          values.put(path, child.isNull() ? "" : child.asText());
          sources.put(path, sourceName);
        }
      } else if (SettingKeys.SECTIONS.contains(path)) {
        if (child.isObject()) {
          walk(child, path, sourceName, values, sources, problems);
        } else if (!child.isNull()) {
          problems.add(new ConfigProblem(path, path + " is '" + child.asText() + "', but must be a mapping of keys"
              + " (in " + sourceName + ")"));
        }
      } else {
        Set<String> candidates = new TreeSet<>(SettingKeys.SECTIONS);
        SettingKeys.ALL.forEach(k -> candidates.add(k.path()));
        problems.add(new ConfigProblem(path, "unknown key '" + path + "' in " + sourceName + "; did you mean '"
            + KeyNames.nearest(path, candidates) + "'?"));
      }
    }
  }

  /** Adds where the value came from to a problem about a key that was set, not defaulted. */
  private static ConfigProblem withSource(ConfigProblem problem, Map<String, String> sources) {
    String source = sources.get(problem.key());
    if (source == null) {
      return problem;
    }
    String how = source.startsWith("environment variable ") ? "set by " : "set in ";
    return new ConfigProblem(problem.key(), problem.message() + " (" + how + source + ")");
  }
}
