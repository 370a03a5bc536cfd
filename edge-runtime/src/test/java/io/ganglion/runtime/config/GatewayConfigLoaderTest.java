package io.ganglion.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.LoggingConfig.Format;
import io.ganglion.runtime.config.StoreConfig.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {
    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final GatewayConfigLoader loader = new GatewayConfigLoader(environment::get);

    @Test
    void loads_all_defaults_from_an_empty_file() throws Exception {
        assertThat(load("")).isEqualTo(GatewayConfig.defaults());
        assertThat(load("# nothing configured yet\n")).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void treats_an_empty_value_as_the_default() throws Exception {
        assertThat(load("gatewayId:\nhttp:\n  port:\n")).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void reads_every_section() throws Exception {
        GatewayConfig config = load("""
                gatewayId: crossing-12
                http:
                  host: 127.0.0.1
                  port: 9090
                mqtt:
                  broker:
                    url: ssl://broker.example:8883
                    clientId: crossing-12
                    qos: 0
                    initialBackoff: 250ms
                store:
                  path: /var/lib/ganglion/store.db
                  quotaBytes: 2GiB
                  batchMaxDelay: 5ms
                  synchronous: normal
                ingest:
                  maxPayloadBytes: 128KiB
                  maxPastAge: 30d
                  autoRegister: true
                devices:
                  - id: cam-1
                    profile: json-telemetry
                logging:
                  format: json
                  level: debug
                """);

        assertThat(config.gatewayId()).isEqualTo("crossing-12");
        assertThat(config.http()).isEqualTo(new HttpConfig("127.0.0.1", 9090));
        assertThat(config.mqtt().broker().url()).isEqualTo("ssl://broker.example:8883");
        assertThat(config.mqtt().broker().qos()).isZero();
        assertThat(config.mqtt().broker().initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.store().path()).isEqualTo(Path.of("/var/lib/ganglion/store.db"));
        assertThat(config.store().quotaBytes()).isEqualTo(2L << 30);
        assertThat(config.store().batchMaxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.store().synchronous()).isEqualTo(SyncMode.NORMAL);
        assertThat(config.ingest().maxPayloadBytes()).isEqualTo(128 * 1024);
        assertThat(config.ingest().maxPastAge()).isEqualTo(Duration.ofDays(30));
        assertThat(config.ingest().autoRegister()).isTrue();
        assertThat(config.devices()).containsExactly(new DeviceConfig("cam-1", "json-telemetry"));
        assertThat(config.logging()).isEqualTo(new LoggingConfig(Format.JSON, "DEBUG"));
    }

    @Test
    void names_the_line_and_allowed_keys_for_an_unknown_key() throws Exception {
        ConfigException e = failure("""
                http:
                  hots: 127.0.0.1
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":2: http.hots: unknown key (did you mean host?); allowed in http: host, port, auth, tls");
        assertThat(e.key()).isEqualTo("http.hots");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void suggests_the_section_a_misspelt_section_name_meant() throws Exception {
        ConfigException e = failure("""
                gatewayId: g1
                stroe:
                  quotaBytes: 1GiB
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":2: stroe: unknown key (did you mean store?); allowed at the"
                + " top level: gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands,"
                + " vision, sync");
    }

    @Test
    void reads_a_gpio_device_s_own_pin_numbers_and_refuses_one_off_the_header() throws Exception {
        assertThat(load("devices:\n  - {id: loop-2, profile: inductive-loop-detector, pins: {loop: 5, fault: 6}}\n")
                .devices().get(0).pins()).isEqualTo(java.util.Map.of("loop", 5, "fault", 6));
        assertThat(failure("devices:\n  - {id: loop-2, profile: inductive-loop-detector, pins: {loop: 99}}\n")
                .getMessage()).isEqualTo(file() + ":2: devices[0].pins.loop: expected a BCM GPIO number from 0 to 53,"
                + " got 99");
    }

    @Test
    void names_the_nested_section_for_an_unknown_key_in_a_list_entry() throws Exception {
        ConfigException e = failure("""
                devices:
                  - id: a
                    profile: json-telemetry
                    firmwre: 1.2
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":4: devices[0].firmwre: unknown key (did you mean firmware?); allowed in devices[0]: id, profile, "
                + "model, firmware, address, camera, pins");
    }

    @Test
    void a_device_names_either_its_profile_or_its_model() throws Exception {
        assertThat(failure("""
                devices:
                  - id: a
                    profile: json-telemetry
                    model: bme280-node
                """).getMessage()).isEqualTo(file() + ":4: devices[0].model: expected either profile (a profile id) "
                + "or model (selects the profile by firmware), not both, got both");
        assertThat(failure("""
                devices:
                  - id: a
                    profile: json-telemetry
                    firmware: 1.2
                """).getMessage()).isEqualTo(file() + ":4: devices[0].firmware: expected firmware only together "
                + "with model (a fixed profile does not depend on it), got 1.2");
    }

    @Test
    void a_device_the_gateway_reads_has_a_coap_address() throws Exception {
        DeviceConfig device = load("devices:\n  - {id: airq-1, profile: airq-senml-cbor, address: 'coap://192.0.2.10:5683/'}\n")
                .devices().get(0);
        assertThat(device.address()).isEqualTo("coap://192.0.2.10:5683");
        assertThat(device.addressUri().getPort()).isEqualTo(5683);
        assertThat(load("devices:\n  - {id: a, profile: json-telemetry}\n").devices().get(0).address()).isNull();

        assertThat(failure("""
                devices:
                  - id: a
                    profile: json-telemetry
                    address: http://192.0.2.10/air
                """).getMessage()).isEqualTo(file() + ":4: devices[0].address: expected a coap:// or coaps:// URI "
                + "with a host and no path, such as coap://192.0.2.10:5683, got 'http://192.0.2.10/air'");
    }

    @Test
    void says_a_whole_number_was_expected_where_a_word_was_given() throws Exception {
        ConfigException e = failure("""
                http:
                  port: eighty
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":2: http.port: expected a whole number, got 'eighty'");
    }

    @Test
    void does_not_truncate_a_fraction_into_an_integer() throws Exception {
        assertThat(failure("http:\n  port: 80.5\n").getMessage())
                .isEqualTo(file() + ":2: http.port: expected a whole number, got 80.5");
    }

    @Test
    void says_a_section_was_expected_where_a_list_was_given() throws Exception {
        ConfigException e = failure("""
                http:
                  - port: 80
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":1: http: expected a section of key: value lines (host, port, auth, tls), got a list");
    }

    @Test
    void says_a_list_was_expected_where_a_section_was_given() throws Exception {
        ConfigException e = failure("""
                devices:
                  id: cam-1
                  profile: json-telemetry
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":1: devices: expected a list of entries, each starting with '- ', got a section (key: value lines)");
    }

    @Test
    void rejects_a_number_for_a_switch() throws Exception {
        assertThat(failure("ingest:\n  autoRegister: 1\n").getMessage())
                .isEqualTo(file() + ":2: ingest.autoRegister: expected true or false, got 1");
        assertThat(failure("ingest:\n  autoRegister: yes\n").getMessage())
                .isEqualTo(file() + ":2: ingest.autoRegister: expected true or false, got 'yes'");
    }

    @Test
    void rejects_a_file_that_is_a_list() throws Exception {
        ConfigException e = failure("- http\n- store\n");

        assertThat(e.key()).isNull();
        assertThat(e.getMessage()).isEqualTo(file() + ":1: expected a section of key: value lines"
                + " (gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands, vision, sync), got"
                + " a list");
    }

    @Test
    void joins_the_section_path_with_the_key_a_record_rejected() throws Exception {
        ConfigException e = failure("""
                # the store
                store:
                  path: data/test.db
                  quotaBytes: 10
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":4: store.quotaBytes: expected a number from 1048576 to 9223372036854775807, got 10");
        assertThat(e.key()).isEqualTo("store.quotaBytes");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.file()).isEqualTo(file());
    }

    @Test
    void names_the_list_index_of_a_rejected_device() throws Exception {
        ConfigException e = failure("""
                devices:
                  - id: cam-1
                    profile: json-telemetry
                  - id: cam-2
                    profile: json-telemetry
                  - id: cam 3
                    profile: json-telemetry
                """);

        assertThat(e.key()).isEqualTo("devices[2].id");
        assertThat(e.getMessage()).startsWith(file() + ":6: devices[2].id: expected 1 to 128 characters")
                .endsWith(", got 'cam 3'");
    }

    @Test
    void points_at_the_entry_that_lacks_a_required_key() throws Exception {
        ConfigException e = failure("""
                devices:
                  - id: cam-1
                    profile: json-telemetry
                  - id: cam-2
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":4: devices[1].profile: expected either profile (a profile id) "
                + "or model (selects the profile by firmware), not both, got neither");
    }

    @Test
    void points_at_the_section_that_lacks_a_required_key() throws Exception {
        ConfigException e = failure("""
                mqtt:
                  broker:
                    clientId: gw-1
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":2: mqtt.broker.url: expected a non-empty string, got nothing");
    }

    @Test
    void rejects_an_empty_list_entry() throws Exception {
        ConfigException e = failure("""
                devices:
                  -
                  - id: cam-1
                    profile: json-telemetry
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":2: devices[0]: expected a section of key: value lines (id, profile, model, firmware, address,"
                + " camera, pins), got nothing");
    }

    @Test
    void reports_a_device_id_given_twice() throws Exception {
        ConfigException e = failure("""
                devices:
                  - {id: cam-1, profile: json-telemetry}
                  - {id: cam-1, profile: json-telemetry}
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":1: devices: expected each device id once, got 'cam-1' twice");
    }

    @Test
    void states_duration_ranges_in_the_file_syntax() throws Exception {
        assertThat(failure("store:\n  batchMaxDelay: 1h\n").getMessage())
                .isEqualTo(file() + ":2: store.batchMaxDelay: expected a duration from 0s to 10s, got 1h");
    }

    @Test
    void reports_yaml_syntax_errors_with_line_and_column() throws Exception {
        ConfigException e = failure("""
                http:
                  port: 8080
                  host: a: b
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isNull();
        assertThat(e.getMessage()).isEqualTo(file() + ":3: invalid YAML at column 10: mapping values are not allowed"
                + " here");
    }

    @Test
    void explains_that_tabs_cannot_indent() throws Exception {
        ConfigException e = failure("http:\n\tport: 8080\n");

        assertThat(e.getMessage()).startsWith(file() + ":2: invalid YAML at column 1: ").contains("TAB");
    }

    @Test
    void rejects_duplicate_keys_naming_both_lines() throws Exception {
        ConfigException e = failure("""
                http:
                  port: 8080
                  host: 0.0.0.0
                  port: 9090
                """);

        assertThat(e.getMessage()).isEqualTo(file()
                + ":4: http.port: duplicate key (first given on line 2); give each key once");
        assertThat(e.key()).isEqualTo("http.port");
    }

    @Test
    void rejects_a_duplicate_section() throws Exception {
        assertThat(failure("store:\n  path: a.db\nhttp:\n  port: 1\nstore:\n  path: b.db\n").getMessage())
                .isEqualTo(file() + ":5: store: duplicate key (first given on line 1); give each key once");
    }

    @Test
    void rejects_a_second_yaml_document() throws Exception {
        assertThat(failure("gatewayId: a\n---\ngatewayId: b\n").getMessage()).isEqualTo(file()
                + ":3: a second YAML document starts here; a configuration file holds one (remove the '---' above)");
    }

    @Test
    void rejects_yaml_aliases_rather_than_binding_the_anchor_name() throws Exception {
        assertThat(failure("gatewayId: &id gw-1\nmqtt:\n  broker:\n    url: tcp://b:1883\n    clientId: *id\n")
                .getMessage()).isEqualTo(file()
                        + ":5: mqtt.broker.clientId: YAML aliases (*id) are not supported; write the value out");
    }

    @Test
    void reports_a_missing_file() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(missing + ": no such file (looked in " + dir.toAbsolutePath() + ")");
            assertThat(e.line()).isZero();
            assertThat(e.key()).isNull();
        });
    }

    @Test
    void reports_an_unreadable_file() throws Exception {
        Path locked = write("gatewayId: a\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as root: permissions do not apply");

        assertThatThrownBy(() -> loader.load(locked)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).isEqualTo(locked + ": cannot be read: permission denied"));
    }

    @Test
    void reports_a_directory_given_as_the_file() {
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).isEqualTo(dir + ": is a directory, not a file"));
    }

    @Test
    void reads_enum_values_in_any_case() throws Exception {
        GatewayConfig config = load("store:\n  synchronous: Normal\nlogging:\n  format: JSON\n  level: warn\n");

        assertThat(config.store().synchronous()).isEqualTo(SyncMode.NORMAL);
        assertThat(config.logging()).isEqualTo(new LoggingConfig(Format.JSON, "WARN"));
    }

    @Test
    void lists_the_allowed_values_of_an_enum() throws Exception {
        assertThat(failure("logging:\n  format: xml\n").getMessage())
                .isEqualTo(file() + ":2: logging.format: expected one of text, json, got 'xml'");
        assertThat(failure("logging:\n  level: loud\n").getMessage())
                .isEqualTo(file() + ":2: logging.level: expected one of trace, debug, info, warn, error, got 'loud'");
    }

    @Test
    void rejects_a_duration_without_a_unit() throws Exception {
        assertThat(failure("store:\n  batchMaxDelay: 5\n").getMessage()).isEqualTo(file()
                + ":2: store.batchMaxDelay: expected a duration such as 500ms, 2s, 5m, 1h, 7d or PT5S, got 5");
    }

    @Test
    void rejects_a_byte_size_with_an_unknown_unit() throws Exception {
        assertThat(failure("store:\n  quotaBytes: 10 furlongs\n").getMessage()).isEqualTo(file()
                + ":2: store.quotaBytes: expected a byte size such as 65536, 512KiB, 64MiB or 1GiB, got '10 furlongs'");
    }

    @Test
    void rejects_a_byte_size_too_large_for_its_key() throws Exception {
        assertThat(failure("ingest:\n  maxPayloadBytes: 8GiB\n").getMessage()).isEqualTo(file()
                + ":2: ingest.maxPayloadBytes: expected a byte size such as 65536, 512KiB, 64MiB or 1GiB, below 2GiB,"
                + " got '8GiB'");
    }

    @Test
    void substitutes_environment_variables_in_string_values() throws Exception {
        environment.put("BROKER_HOST", "broker.site");
        environment.put("MQTT_PASSWORD", "s3cret");
        environment.put("HTTP_PORT", "9000");

        GatewayConfig config = load("""
                http:
                  port: ${HTTP_PORT}
                mqtt:
                  broker:
                    url: ssl://${BROKER_HOST}:8883
                    clientId: ${CLIENT_ID:-gw-default}
                    username: gateway
                    password: ${MQTT_PASSWORD}
                """);

        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.mqtt().broker().url()).isEqualTo("ssl://broker.site:8883");
        assertThat(config.mqtt().broker().clientId()).isEqualTo("gw-default");
        assertThat(config.mqtt().broker().password()).isEqualTo("s3cret");
    }

    @Test
    void keeps_a_literal_dollar_brace_written_twice() throws Exception {
        assertThat(load("devices:\n  - {id: a, profile: '$${literal}'}\n").devices().get(0).profile())
                .isEqualTo("${literal}");
    }

    @Test
    void names_the_key_and_variable_when_a_variable_is_missing() throws Exception {
        ConfigException e = failure("""
                mqtt:
                  broker:
                    url: tcp://broker:1883
                    clientId: gw-1
                    password: ${MQTT_PASSWORD}
                """);

        assertThat(e.getMessage()).isEqualTo(file() + ":5: mqtt.broker.password: environment variable MQTT_PASSWORD"
                + " is not set and has no default; set it, or write ${MQTT_PASSWORD:-default} in the file");
    }

    @Test
    void rejects_a_malformed_variable_reference() throws Exception {
        assertThat(failure("gatewayId: ${gateway id}\n").getMessage()).isEqualTo(file() + ":1: gatewayId: expected"
                + " ${NAME} or ${NAME:-default}, NAME made of letters, digits and '_', got '${gateway id}'");
        assertThat(failure("gatewayId: ${GATEWAY\n").getMessage()).endsWith("got an unclosed '${'");
    }

    @Test
    void never_shows_a_value_that_came_from_the_environment() throws Exception {
        environment.put("BROKER_URL", "http://admin:hunter2@broker");
        environment.put("HTTP_PORT", "hunter2");

        ConfigException rejected = failure("mqtt:\n  broker:\n    url: ${BROKER_URL}\n    clientId: g\n");
        ConfigException mistyped = failure("http:\n  port: ${HTTP_PORT}\n");

        assertThat(rejected.getMessage()).isEqualTo(file() + ":3: mqtt.broker.url: expected tcp://host:port or"
                + " ssl://host:port, got the value of ${BROKER_URL} (not shown)");
        assertThat(mistyped.getMessage())
                .isEqualTo(file() + ":2: http.port: expected a whole number, got the value of ${HTTP_PORT} (not shown)");
        for (Throwable cause = mistyped; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain("hunter2");
        }
        for (Throwable cause = rejected; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain("hunter2");
        }
    }

    @Test
    void reads_coap_settings_and_pre_shared_keys_in_three_spellings() throws Exception {
        environment.put("CAM_PSK", "hex:000102030405060708090a0b0c0d0e0f");

        GatewayConfig config = load("coap:\n  port: 0\n  plainEnabled: false\n  maxBodyBytes: 8KiB\n"
                + "  overloadMaxAge: 5s\n  psk:\n    cam-1: ${CAM_PSK}\n"
                + "    cam-2: base64:AAECAwQFBgcICQoLDA0ODw==\n    cam-3: sixteen-char-key\n");

        CoapSettings coap = config.coap().settings();
        assertThat(config.coap().enabled()).isTrue();
        assertThat(coap.port()).isZero();
        assertThat(coap.plainEnabled()).isFalse();
        assertThat(coap.maxBodyBytes()).isEqualTo(8192);
        assertThat(coap.overloadMaxAge()).hasSeconds(5);
        assertThat(coap.psk().get("cam-1")).isEqualTo(coap.psk().get("cam-2")).hasSize(16);
        assertThat(coap.psk().get("cam-3")).asString().isEqualTo("sixteen-char-key");
        assertThat(config.toString()).doesNotContain("sixteen-char-key");
    }

    @Test
    void refuses_a_short_or_malformed_coap_key_without_showing_it() throws Exception {
        ConfigException shortKey = failure("coap:\n  psk:\n    cam-1: short\n");
        ConfigException badHex = failure("coap:\n  psk:\n    cam-1: hex:zz-secret\n");

        assertThat(shortKey.getMessage()).contains("psk.cam-1: expected a key of at least 16 bytes, got 5 bytes");
        assertThat(badHex.getMessage()).contains("psk.cam-1").doesNotContain("zz-secret");
    }

    private GatewayConfig load(String yaml) throws IOException, ConfigException {
        return loader.load(write(yaml));
    }

    private ConfigException failure(String yaml) throws IOException {
        Path file = write(yaml);
        try {
            GatewayConfig config = loader.load(file);
            throw new AssertionError("expected a ConfigException, loaded " + config);
        } catch (ConfigException e) {
            return e;
        }
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(file(), yaml);
    }

    private Path file() {
        return dir.resolve("gateway.yaml");
    }
}
