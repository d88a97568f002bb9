package dev.shakedown.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component that holds a provider's own settings. Those keys sit flat beside the
 * common ones in the YAML (a user writes {@code command:} next to {@code provider: local}); the
 * binder picks the settings type from the {@link ProviderCatalog} that {@link
 * ProviderCatalog#keyedBy} gives for {@link #key()}, by that key's value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ProviderSpecific {
  /** The common key whose value names the provider: {@code provider}, or {@code store}. */
  String key() default "provider";
}
