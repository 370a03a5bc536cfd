package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import java.time.Duration;

/**
 * What the ingest pipeline accepts (YAML: {@code ingest}).
 *
 * @param maxPayloadBytes     larger messages are rejected as {@code oversize}
 * @param clockSkewTolerance  a device timestamp further than this from the gateway clock is stored with quality
 *                            UNCERTAIN
 * @param maxFutureSkew       a device timestamp further than this ahead of the gateway clock is rejected
 * @param maxPastAge          a device timestamp older than this is rejected
 * @param autoRegister        whether a device not in {@code devices} is registered on its first valid message
 * @param autoRegisterProfile the profile given to auto-registered devices
 */
public record IngestConfig(Integer maxPayloadBytes, Duration clockSkewTolerance, Duration maxFutureSkew,
                           Duration maxPastAge, Boolean autoRegister, String autoRegisterProfile) {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_PAST_AGE = Duration.ofDays(7);

    public IngestConfig {
        maxPayloadBytes = inRange("maxPayloadBytes", orDefault(maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES),
                16, 64 * 1024 * 1024);
        clockSkewTolerance = inRange("clockSkewTolerance",
                orDefault(clockSkewTolerance, DEFAULT_CLOCK_SKEW_TOLERANCE), Duration.ZERO, Duration.ofDays(365));
        maxFutureSkew = inRange("maxFutureSkew", orDefault(maxFutureSkew, DEFAULT_MAX_FUTURE_SKEW),
                clockSkewTolerance, Duration.ofDays(3650));
        maxPastAge = inRange("maxPastAge", orDefault(maxPastAge, DEFAULT_MAX_PAST_AGE),
                clockSkewTolerance, Duration.ofDays(3650));
        autoRegister = orDefault(autoRegister, Boolean.FALSE);
        autoRegisterProfile = orDefault(autoRegisterProfile, io.ganglion.profiles.JsonTelemetryProfile.ID);
    }

    public static IngestConfig defaults() {
        return new IngestConfig(null, null, null, null, null, null);
    }
}
