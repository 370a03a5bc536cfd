/**
 * The gateway's configuration: typed settings records ({@link io.ganglion.runtime.config.GatewayConfig} and its
 * sections), how the gateway's file is read ({@link io.ganglion.runtime.config.GatewayConfigLoader}, on top of the
 * general {@link io.ganglion.profiles.yaml.ConfigLoader} that firmware profiles share) and applied to logging
 * ({@link io.ganglion.runtime.config.LoggingSetup}).
 *
 * <p>Records own their defaults and ranges (compact constructors); the loader owns the file syntax (durations, byte
 * sizes, environment variables) and turns every failure into a {@link io.ganglion.profiles.yaml.ConfigException}
 * that names the file, line and key. This package must not start anything or read settings anywhere but here: the
 * rest of the runtime receives finished records. Reference for users: docs/configuration.md.
 */
package io.ganglion.runtime.config;
