package dev.shakedown.config;

import dev.shakedown.ShakedownException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The {@link Pluggable}s of one kind on the class path, by id; two with one id are refused. */
public final class Pluggables<P extends Pluggable> implements ProviderCatalog {
  private final Map<String, P> byId;

  private Pluggables(Map<String, P> byId) {
    this.byId = byId;
  }

  /** Those {@link ServiceLoader} finds for {@code kind}, with {@code kind}'s own class loader. */
  public static <P extends Pluggable> Pluggables<P> load(Class<P> kind, String named) {
    return of(ServiceLoader.load(kind, kind.getClassLoader()), named);
  }

  /**
   * @param named what they are, as the refusal of two with one id says: {@code fleet providers}
   */
  public static <P extends Pluggable> Pluggables<P> of(Iterable<P> found, String named) {
    Map<String, P> byId = new TreeMap<>();
    for (P pluggable : found) {
      // Ids are matched in any case, as the config names them: `S3` and `s3` are one id.
      P previous = byId.putIfAbsent(pluggable.id().toLowerCase(Locale.ROOT), pluggable);
      if (previous != null) {
        // A jar too many on the class path: the user's to fix, so a message and exit code 2.
        throw new ShakedownException(
            "two "
                + named
                + " claim the id '"
                + pluggable.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + pluggable.getClass().getName()
                + "; remove one of their jars from the class path");
      }
    }
    return new Pluggables<>(Map.copyOf(byId));
  }

  public Optional<P> get(String id) {
    return id == null
        ? Optional.empty()
        : Optional.ofNullable(byId.get(id.toLowerCase(Locale.ROOT)));
  }

  @Override
  public Optional<Class<? extends Record>> settingsType(String id) {
    return get(id).map(Pluggable::settingsType);
  }

  @Override
  public SortedSet<String> known() {
    return new TreeSet<>(byId.keySet());
  }
}
