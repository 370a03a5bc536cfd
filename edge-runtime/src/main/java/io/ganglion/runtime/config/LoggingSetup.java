package io.ganglion.runtime.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} section to Logback once the configuration is loaded. Until then
 * {@link LogbackDefaults} (text lines, quiet network libraries) is in force, so start-up errors are readable too.
 */
public final class LoggingSetup {
    /** Time, level, thread, logger (simple name) and message on one line; stack traces follow on their own lines. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    static final String APPENDER_NAME = "console";

    private LoggingSetup() {
    }

    /**
     * Sets the root level and replaces the console appender(s) of the root logger with one writing {@code config}'s
     * format to standard output; other appenders (say, a file appender from a custom {@code logback.xml}) and the
     * levels of named loggers are kept. Does nothing when SLF4J is bound to something other than Logback.
     */
    public static void apply(LoggingConfig config) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context, config);
        }
    }

    /** As {@link #apply(LoggingConfig)}, on a given context (Logback's own start-up passes one). */
    static void apply(LoggerContext context, LoggingConfig config) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER_NAME);
        console.setEncoder(encoder(config.format(), context));
        console.start();
        for (Appender<ILoggingEvent> old : consoleAppenders(root)) {
            root.detachAppender(old);
            old.stop();
        }
        root.addAppender(console);
        Level level = Level.toLevel(config.level(), Level.INFO);
        root.setLevel(level);
        // Vert.x's MQTT client and server log every connection at INFO: thousands of lines for a simulated fleet or
        // a busy site. The gateway's drivers and the simulator log what matters themselves; DEBUG still shows all.
        context.getLogger("io.vertx.mqtt").setLevel(level == Level.INFO ? Level.WARN : level);
    }

    /** A started encoder for {@code format}; JSON gives one object per line, for log shippers. */
    static Encoder<ILoggingEvent> encoder(LoggingConfig.Format format, LoggerContext context) {
        Encoder<ILoggingEvent> encoder = format == LoggingConfig.Format.JSON ? json() : text();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }

    private static Encoder<ILoggingEvent> json() {
        JsonEncoder encoder = new JsonEncoder();
        // The raw "{}" template and argument array repeat the formatted message; the context block repeats on every
        // line. Leave them out to keep lines short.
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        return encoder;
    }

    private static List<Appender<ILoggingEvent>> consoleAppenders(Logger root) {
        List<Appender<ILoggingEvent>> found = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof ConsoleAppender) {
                found.add(appender);
            }
        }
        return found;
    }
}
