package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test vector of a profile ({@code tests[]}): a payload and what it must decode to, or a command and the exact
 * payload it must encode to. {@link TestVectors} runs them.
 *
 * <p>A telemetry vector has a payload and either {@code expect} (readings by metric) or {@code reject} (the reason the
 * gateway must refuse it). A command vector has {@code command}, {@code parameters} and the payload.
 *
 * @param name          what the vector shows; telemetry vectors need one, command vectors default to the command
 *                      and its parameters, e.g. {@code command set-interval(seconds=60)}
 * @param payload       the payload as text (JSON, SenML JSON)
 * @param payloadHex    the payload as hex digits, spaces allowed (binary, CBOR)
 * @param payloadBase64 the payload as base64
 * @param receivedAt    the gateway's receive time to decode with, epoch ms; default {@value #DEFAULT_RECEIVED_AT}
 * @param timestamp     the timestamp every reading must have, epoch ms; absent: not checked
 * @param expect        the readings by metric; every metric decoded must be listed, and nothing else
 * @param reject        the reason the payload must be rejected with
 * @param command       the command to encode
 * @param parameters    the command's parameters
 */
public record TestVector(String name, String payload, String payloadHex, String payloadBase64, Long receivedAt,
        Long timestamp, Map<String, ExpectedReading> expect, RejectReason reject, String command,
        Map<String, Object> parameters) {
    /** 2024-11-27T09:33:20Z: the receive time vectors decode with unless they name one. */
    public static final long DEFAULT_RECEIVED_AT = 1_732_700_000_000L;

    public TestVector {
        int payloads = (payload != null ? 1 : 0) + (payloadHex != null ? 1 : 0) + (payloadBase64 != null ? 1 : 0);
        if (payloads != 1) {
            throw new InvalidSettingException(payloads == 0 ? "payload" : "payloadHex",
                    "exactly one of payload, payloadHex and payloadBase64", payloads + " of them");
        }
        if (payloadHex != null) {
            hex(payloadHex);
        }
        if (payloadBase64 != null) {
            base64(payloadBase64);
        }
        if (command != null) {
            if (expect != null || reject != null || timestamp != null || receivedAt != null) {
                throw new InvalidSettingException("command", "a command vector: command, parameters and a payload"
                        + " (expect, reject, timestamp and receivedAt are for telemetry vectors)", "'" + command + "'");
            }
            parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
            name = orDefault(name, "command " + command + (parameters.isEmpty() ? "" : parameters.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")"))));
        } else {
            if (name == null || name.isBlank()) {
                throw new InvalidSettingException("name", "a name saying what the vector shows", "nothing");
            }
            if (parameters != null) {
                throw new InvalidSettingException("parameters", "parameters only with command:", "parameters");
            }
            if ((expect == null) == (reject == null)) {
                throw new InvalidSettingException("expect", "either expect (readings by metric) or reject (a reason)",
                        expect == null ? "neither" : "both");
            }
            if (expect != null && expect.isEmpty()) {
                throw new InvalidSettingException("expect", "at least one metric (or reject: empty)", "nothing");
            }
            receivedAt = orDefault(receivedAt, DEFAULT_RECEIVED_AT);
        }
        expect = expect == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expect));
    }

    public boolean isCommand() {
        return command != null;
    }

    /** The payload's bytes: the text as UTF-8, or the hex or base64 decoded. */
    public byte[] bytes() {
        if (payload != null) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        return payloadHex != null ? hex(payloadHex) : base64(payloadBase64);
    }

    /** Whether the payload was given as text, so a mismatch is best shown as text. */
    public boolean isText() {
        return payload != null;
    }

    private static byte[] hex(String digits) {
        try {
            return HexFormat.of().parseHex(digits.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("payloadHex", "pairs of hex digits such as '0a ff 12', spaces allowed",
                    "'" + digits + "'");
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("payloadBase64", "base64 text", "'" + text + "'");
        }
    }
}
