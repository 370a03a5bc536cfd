package io.ganglion.profiles.yaml;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that a configuration file writes as one value (a string such as {@code ">=2.0 <3"}, a list such as
 * {@code [-40, 85]}) rather than as a section of keys, and says what a person should write for it. Error messages
 * use the text after "expected"; an {@link io.ganglion.profiles.InvalidSettingException} thrown by the type's
 * {@code @JsonCreator} is reported at the key that holds the value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ValueSyntax {
    /** What to write, e.g. {@code a firmware range such as ">=2.0 <3"}. */
    String value();
}
