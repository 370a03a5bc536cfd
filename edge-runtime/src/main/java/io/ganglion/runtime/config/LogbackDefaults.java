package io.ganglion.runtime.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Ganglion's default logging, installed by Logback through {@code ServiceLoader} before any log line: readable single
 * lines on standard output and quiet network libraries. Configured in code rather than a {@code logback.xml} because
 * parsing XML at start-up loads some 600 classes and costs a measurable part of the gateway's start-up time. The
 * {@code logging} section of gateway.yaml is applied over this by {@link LoggingSetup}; an operator who needs more
 * (a file appender, per-package levels) points {@code -Dlogback.configurationFile} at a file of their own, and then
 * this class steps aside.
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    /** Network libraries log connection details at INFO and DEBUG; their warnings are what an operator needs. */
    static final Map<String, Level> QUIET_LOGGERS = Map.of(
            "io.netty", Level.WARN,
            "io.vertx", Level.INFO,
            // Paho logs through java.util.logging (quiet by default); this applies when JUL is bridged to SLF4J.
            "org.eclipse.paho", Level.WARN,
            "org.eclipse.californium", Level.WARN,
            "com.pi4j", Level.WARN,
            // Pi4J 2.8 detects the board in every context, even with auto-detection off, and logs ERRORs off a
            // Raspberry Pi. The GPIO driver uses no board information (gpiod works on any board), so they say nothing.
            "com.pi4j.boardinfo", Level.OFF,
            "io.micrometer", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        QUIET_LOGGERS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        LoggingSetup.apply(context, LoggingConfig.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
