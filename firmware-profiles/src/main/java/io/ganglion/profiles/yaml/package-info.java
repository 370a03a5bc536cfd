/**
 * Typed YAML files: {@link io.ganglion.profiles.yaml.ConfigLoader} binds a file to a settings record and turns every
 * mistake into a {@link io.ganglion.profiles.yaml.ConfigException} that names the file, the line, the key and what was
 * expected. Shared by the gateway's configuration and the firmware profiles, so that both speak the same syntax
 * (durations such as {@code 5s}, byte sizes such as {@code 64MiB}, {@code ${ENV}} substitution) and report errors
 * the same way.
 */
package io.ganglion.profiles.yaml;
