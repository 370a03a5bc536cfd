package io.ganglion.drivers.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Collects what escaped to an event loop while a listener was fuzzed: exceptions handed to Vert.x's exception
 * handler, and the warnings Vert.x and Netty log for an exception nobody handled ("Unhandled exception", "reached at
 * the tail of the pipeline"). A listener that handles its bad input itself leaves this empty.
 *
 * <p>Known findings, already reported (docs/fuzzing.md#findings), are only counted by message, so that fuzzing goes on
 * looking for new ones: what {@code isKnown} accepts. An exception with a frame of Ganglion's own code is described
 * starting with {@link #OURS}, so that a predicate never takes one for a library's finding by accident.
 */
public final class EventLoopWatch {
    /** How an exception with a frame of Ganglion's code starts its description. */
    public static final String OURS = "[thrown by Ganglion code] ";
    private final List<String> escaped = new ArrayList<>();
    private final Map<String, Long> known = new TreeMap<>();
    private final Predicate<String> isKnown;

    private EventLoopWatch(Predicate<String> isKnown) {
        this.isKnown = isKnown;
    }

    /** Watches {@code vertx}'s exception handler and the Vert.x and Netty loggers from now on. */
    public static EventLoopWatch install(Vertx vertx) {
        return install(vertx, what -> false);
    }

    /** Like {@link #install(Vertx)}, with {@code isKnown} telling a known finding by its description. */
    public static EventLoopWatch install(Vertx vertx, Predicate<String> isKnown) {
        EventLoopWatch watch = new EventLoopWatch(isKnown);
        vertx.exceptionHandler(error -> watch.add("Vert.x exception handler: " + error, ours(error)));
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String logger = event.getLoggerName();
                if (event.getLevel().isGreaterOrEqual(Level.WARN)
                        && (logger.startsWith("io.vertx") || logger.startsWith("io.netty"))) {
                    IThrowableProxy thrown = event.getThrowableProxy();
                    watch.add(logger + ": " + event.getFormattedMessage()
                            + (thrown == null ? "" : " " + thrown.getClassName() + ": " + thrown.getMessage()),
                            ours(thrown));
                }
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return watch;
    }

    /**
     * Without a Vert.x instance at hand (a whole gateway): Vert.x logs an exception no handler took ("Unhandled
     * exception") at ERROR, so the logs alone tell. Also takes every ERROR log, from any logger, as escaped.
     */
    public static EventLoopWatch installLogsOnly(Predicate<String> isKnown) {
        EventLoopWatch watch = new EventLoopWatch(isKnown);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String logger = event.getLoggerName();
                if (event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getLevel().isGreaterOrEqual(Level.WARN)
                        && (logger.startsWith("io.vertx") || logger.startsWith("io.netty"))) {
                    IThrowableProxy thrown = event.getThrowableProxy();
                    watch.add(logger + ": " + event.getFormattedMessage()
                            + (thrown == null ? "" : " " + thrown.getClassName() + ": " + thrown.getMessage()),
                            ours(thrown));
                }
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return watch;
    }

    private static boolean ours(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (isOurs(frame.getClassName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean ours(IThrowableProxy thrown) {
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                if (isOurs(frame.getStackTraceElement().getClassName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isOurs(String className) {
        return className.startsWith("io.ganglion.") && !className.startsWith("io.ganglion.drivers.fuzz.")
                && !className.startsWith("io.ganglion.runtime.fuzz.");
    }

    private synchronized void add(String description, boolean ours) {
        // A known finding in Ganglion's own code (reported to the code's owner) must be named with this prefix.
        String what = (ours ? OURS : "") + description;
        if (isKnown.test(what)) {
            String key = what.replaceAll("\\d+", "N")
                    .replaceAll("(escape sequence: |escape sequence at index N of: |invalid hex byte ).*", "$1...");
            known.merge(key.length() > 300 ? key.substring(0, 300) : key, 1L, Long::sum);
        } else if (escaped.size() < 100) {
            escaped.add(what);
        }
    }

    /** Known findings seen, by message (digits replaced by N), with how many times. */
    public synchronized Map<String, Long> known() {
        return new TreeMap<>(known);
    }

    /** What escaped so far and is not a known finding, oldest first (the first hundred). */
    public synchronized List<String> escaped() {
        return List.copyOf(escaped);
    }
}
