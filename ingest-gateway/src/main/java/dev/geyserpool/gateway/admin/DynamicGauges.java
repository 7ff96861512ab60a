package dev.geyserpool.gateway.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One gauge name whose tagged series come and go with the keys of a snapshot (monitor ids, monitor
 * states): {@link #reconcile} registers a gauge for each new key and removes the gauge of each key
 * that is gone, so a monitor that leaves does not leave a stale series (or a leaked meter) behind.
 * Keys in {@code always} keep their series even when absent (e.g. the three groups, shown at 0).
 *
 * <p>Threading: {@link #reconcile} and {@link #removeAll} are serialized by this object's monitor,
 * which guards only the key→gauge map and registry calls (no I/O). Gauge values are read by the
 * registry's scraping thread through {@code value}.
 */
final class DynamicGauges<K> {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Function<K, Tags> tags;
  private final ToDoubleFunction<K> value;
  private final Set<K> always;
  private final Map<K, Gauge> gauges = new HashMap<>();

  DynamicGauges(MeterRegistry registry, String name, String description,
      Function<K, Tags> tags, ToDoubleFunction<K> value, Collection<K> always) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.tags = tags;
    this.value = value;
    this.always = new LinkedHashSet<>(always);
  }

  /** Makes the registered series exactly {@code present} plus the {@code always} keys. */
  synchronized void reconcile(Collection<K> present) {
    Set<K> wanted = new LinkedHashSet<>(always);
    wanted.addAll(present);
    List<K> gone = new ArrayList<>();
    for (K key : gauges.keySet()) {
      if (!wanted.contains(key)) {
        gone.add(key);
      }
    }
    for (K key : gone) {
      registry.remove(gauges.remove(key));
    }
    for (K key : wanted) {
      gauges.computeIfAbsent(key, k -> Gauge.builder(name, k, value)
          .description(description)
          .tags(tags.apply(k))
          // The key is referenced only from this map: keep it strongly so the series never reads NaN.
          .strongReference(true)
          .register(registry));
    }
  }

  /** Removes every series this object registered. */
  synchronized void removeAll() {
    gauges.values().forEach(registry::remove);
    gauges.clear();
  }
}
