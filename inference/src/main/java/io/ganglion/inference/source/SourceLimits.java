package io.ganglion.inference.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what a camera may make a source do. A camera is an untrusted peer on the LAN: a broken or hostile one
 * must not be able to make the gateway buffer without limit or hang a thread forever.
 *
 * @param maxFrameBytes  the largest encoded frame accepted (1 KiB to 256 MiB); a larger one is skipped and reported,
 *                       its bytes discarded as they arrive rather than buffered. The default, 8 MiB, is several
 *                       times a 4K camera's JPEG
 * @param connectTimeout how long a TCP connect may take (at least 1 ms)
 * @param readTimeout    how long the camera may stay silent: until the response headers, and, on a stream, between
 *                       two reads; a silent stream is closed and reconnected (at least 1 ms)
 */
public record SourceLimits(int maxFrameBytes, Duration connectTimeout, Duration readTimeout) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    static final int MIN_FRAME_BYTES = 1024;
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    public SourceLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        checkFrameBytes(maxFrameBytes);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
    }

    /** 8 MiB frames, 5 s to connect, 15 s of silence. */
    public static SourceLimits defaults() {
        return new SourceLimits(DEFAULT_MAX_FRAME_BYTES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public SourceLimits withMaxFrameBytes(int bytes) {
        return new SourceLimits(bytes, connectTimeout, readTimeout);
    }

    public SourceLimits withTimeouts(Duration connect, Duration read) {
        return new SourceLimits(maxFrameBytes, connect, read);
    }

    static int checkFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be " + MIN_FRAME_BYTES + " to " + MAX_FRAME_BYTES
                    + ", not " + maxFrameBytes);
        }
        return maxFrameBytes;
    }

    static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, not " + value);
        }
    }
}
