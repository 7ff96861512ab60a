package dev.geyserpool.gateway.config.internal;

import dev.geyserpool.gateway.config.GatewaySettings;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One key of the configuration file: its path, the environment variable that overrides it, how
 * its text is parsed, and how it is set on a {@link GatewaySettings.Builder} and read back.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value's type
 */
public final class SettingKey<T> {
  private final String path;
  private final String envVar;
  private final ValueType<T> type;
  private final BiConsumer<GatewaySettings.Builder, T> setter;
  private final Function<GatewaySettings, T> getter;

  SettingKey(String path, ValueType<T> type, BiConsumer<GatewaySettings.Builder, T> setter,
      Function<GatewaySettings, T> getter) {
    this.path = path;
    this.envVar = KeyNames.envVar(path);
    this.type = type;
    this.setter = setter;
    this.getter = getter;
  }

  /** The key path, such as {@code pool.maxConnections}. */
  public String path() {
    return path;
  }

  /** The overriding variable, such as {@code GEYSERPOOL_POOL_MAX_CONNECTIONS}. */
  public String envVar() {
    return envVar;
  }

  /**
   * Parses {@code text} and sets the value on {@code builder}.
   *
   * @return the problem ("KEY is 'TEXT', but must be RULE") when the text is not a value of this type
   */
  public Optional<String> apply(GatewaySettings.Builder builder, String text) {
    Optional<T> value = type.parser().apply(text);
    if (value.isEmpty()) {
      return Optional.of(path + " is '" + text + "', but must be " + type.rule());
    }
    setter.accept(builder, value.get());
    return Optional.empty();
  }

  /** The key's value in {@code settings}, written as in the file. */
  public String show(GatewaySettings settings) {
    return type.formatter().apply(getter.apply(settings));
  }

  @Override
  public String toString() {
    return path;
  }
}
