package io.ganglion.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.runtime.config.LoggingConfig.Format;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logback's console appender writes through System.out at each event, so capturing System.out sees what it writes. */
class LoggingSetupTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSetupTest.class);

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStandardOutput() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        LoggingSetup.apply(LoggingConfig.defaults());
        System.setOut(originalOut);
    }

    @Test
    void json_format_writes_one_parseable_object_per_line() throws Exception {
        LoggingSetup.apply(new LoggingConfig(Format.JSON, "info"));

        LOG.info("reading from {} rejected: \"bad\"\nsecond line", "cam-1");
        LOG.warn("store slow", new IllegalStateException("disk busy"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo(LoggingSetupTest.class.getName());
        assertThat(first.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.path("formattedMessage").asText())
                .isEqualTo("reading from cam-1 rejected: \"bad\"\nsecond line");
        assertThat(first.path("timestamp").asLong()).isPositive();
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("level").asText()).isEqualTo("WARN");
        assertThat(second.path("throwable").path("message").asText()).isEqualTo("disk busy");
    }

    @Test
    void text_format_writes_time_level_thread_logger_and_message_on_one_line() {
        LoggingSetup.apply(LoggingConfig.defaults());

        LOG.info("gateway started");

        assertThat(lines()).singleElement().asString().matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] LoggingSetupTest - gateway started");
    }

    @Test
    void sets_the_root_level_from_the_configuration() {
        LoggingSetup.apply(new LoggingConfig(Format.TEXT, "warn"));

        LOG.info("not shown");
        LOG.warn("shown");

        assertThat(lines()).singleElement().asString().endsWith("LoggingSetupTest - shown");
    }

    @Test
    void keeps_appenders_that_do_not_write_to_the_console() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> kept = new ListAppender<>();
        kept.setContext(context);
        kept.start();
        root.addAppender(kept);
        try {
            LoggingSetup.apply(new LoggingConfig(Format.JSON, "info"));
            LOG.info("to both");

            assertThat(kept.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("to both");
            assertThat(lines()).hasSize(1);
        } finally {
            root.detachAppender(kept);
        }
    }

    @Test
    void quiets_noisy_network_libraries_by_default() {
        assertThat(LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.eclipse.paho.client.mqttv3").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("io.ganglion.runtime").isInfoEnabled()).isTrue();
    }

    private List<String> lines() {
        String text = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        assertThat(lines.remove(lines.size() - 1)).as("output ends with a newline").isEmpty();
        return lines;
    }
}
