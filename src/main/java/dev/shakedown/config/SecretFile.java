package dev.shakedown.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A setting that names a file of credentials (a service-account key): what the file holds is
 * registered as secret when the config is loaded, so that no message that quotes it is printed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SecretFile {}
