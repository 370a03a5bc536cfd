package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One unit of work for the store's writer, handed over with {@link LocalStore#offer(StoreWrite)}.
 *
 * <p>{@link #done()} completes normally only after the transaction holding the write has been committed (with
 * {@code synchronous=FULL}: is on disk), and exceptionally when that transaction failed. Actions attached with the
 * non-async {@code CompletableFuture} methods run on the store's single writer thread: keep them short (e.g. hand
 * over to a Vert.x context) or use the {@code *Async} variants.
 */
public sealed interface StoreWrite permits StoreWrite.Readings, StoreWrite.Rejected, StoreWrite.Status,
        StoreWrite.Command, StoreWrite.Detections, StoreWrite.Window {

    /** Completed after commit, or exceptionally with a {@link StoreException} when the commit failed. */
    CompletableFuture<Void> done();

    /** How much of a batch's {@code batchMaxReadings} this write uses: its readings, at least 1. */
    int batchWeight();

    /** The readings of one device message, with the device's identity to upsert its {@code devices} row. */
    static Readings readings(String deviceId, String transport, String profileId, long receivedAt,
                             List<Reading> readings) {
        return new Readings(deviceId, transport, profileId, receivedAt, readings, new CompletableFuture<>());
    }

    /** A refused message, kept (bounded) for inspection; the payload is cut to {@link Rejected#MAX_PAYLOAD}. */
    static Rejected rejected(long receivedAt, String transport, String deviceIdOrNull, String address,
                             RejectReason reason, String detail, byte[] payload) {
        return new Rejected(receivedAt, transport, deviceIdOrNull, address, reason, detail, payload,
                new CompletableFuture<>());
    }

    /** What a device said about itself on its status channel: firmware and/or state, either may be null. */
    static Status status(String deviceId, String transport, String profileId, long receivedAt, String firmware,
                         String state) {
        return new Status(deviceId, transport, profileId, receivedAt, firmware, state, new CompletableFuture<>());
    }

    /** A command as it is now: inserted when new, else its status, status time and detail are updated. */
    static Command command(CommandRecord record) {
        return new Command(record, new CompletableFuture<>());
    }

    /** What the model found in one frame of a camera (possibly nothing). */
    static Detections detections(List<DetectionRecord> detections) {
        return new Detections(detections, new CompletableFuture<>());
    }

    /** A closed detection window; merged into a stored one of the same camera and start. */
    static Window window(WindowRecord window) {
        return new Window(window, new CompletableFuture<>());
    }

    /** Detections of one frame; the oldest rows beyond {@code store.detectionsKeep} are deleted with the commit. */
    record Detections(List<DetectionRecord> detections, CompletableFuture<Void> done) implements StoreWrite {
        public Detections {
            detections = List.copyOf(detections);
            Objects.requireNonNull(done, "done");
        }

        @Override
        public int batchWeight() {
            return Math.max(1, detections.size());
        }
    }

    /** One window's counts; the oldest windows beyond {@code store.windowsKeep} are deleted with the commit. */
    record Window(WindowRecord window, CompletableFuture<Void> done) implements StoreWrite {
        public Window {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(done, "done");
        }

        @Override
        public int batchWeight() {
            return 1 + window.counts().size();
        }
    }

    /** A command's row, written whole the first time and its status from then on. */
    record Command(CommandRecord record, CompletableFuture<Void> done) implements StoreWrite {
        public Command {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(done, "done");
        }

        @Override
        public int batchWeight() {
            return 1;
        }
    }

    /**
     * A status message: upserts the device's row with the firmware it runs and the state it is in. A status that
     * arrives late (older than the one stored) does not overwrite the state.
     *
     * @param profileId the profile the device uses now, for a device seen here for the first time
     * @param firmware  the announced firmware version, or null when the message did not carry one
     * @param state     the announced state, or null
     */
    record Status(String deviceId, String transport, String profileId, long receivedAt, String firmware, String state,
                  CompletableFuture<Void> done) implements StoreWrite {
        public Status {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(profileId, "profileId");
            Objects.requireNonNull(done, "done");
        }

        @Override
        public int batchWeight() {
            return 1;
        }
    }

    /**
     * The readings of one device message.
     *
     * @param deviceId   the device; every reading must carry the same id
     * @param transport  a label such as {@code mqtt}, {@code coap} or {@code gpio}
     * @param profileId  the firmware profile that decoded the message
     * @param receivedAt gateway receive time, UTC epoch milliseconds; becomes the device's {@code last_seen}
     * @param readings   possibly empty (then only the device's {@code last_seen} moves)
     */
    record Readings(String deviceId, String transport, String profileId, long receivedAt, List<Reading> readings,
                    CompletableFuture<Void> done) implements StoreWrite {
        public Readings {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(profileId, "profileId");
            Objects.requireNonNull(done, "done");
            readings = List.copyOf(readings);
            for (Reading r : readings) {
                if (!r.deviceId().equals(deviceId)) {
                    throw new IllegalArgumentException("a reading of device '" + r.deviceId()
                            + "' cannot be stored in a message of device '" + deviceId + "'");
                }
            }
        }

        @Override
        public int batchWeight() {
            return Math.max(1, readings.size());
        }
    }

    /**
     * A message the gateway refused. Long texts and payloads are cut here, so that a hostile device cannot make the
     * store keep megabytes per message.
     *
     * @param deviceId      null when the message could not even be attributed to a device
     * @param address       where it came from (topic, peer address, pin)
     * @param payload       at most {@link #MAX_PAYLOAD} bytes of the original
     * @param payloadLength the original payload's length, so readers can tell it was cut
     */
    record Rejected(long receivedAt, String transport, String deviceId, String address, RejectReason reason,
                    String detail, byte[] payload, int payloadLength, CompletableFuture<Void> done)
            implements StoreWrite {
        /** Bytes of a refused payload kept for inspection. */
        public static final int MAX_PAYLOAD = 4096;
        /** Characters of the human-readable detail kept. */
        public static final int MAX_DETAIL = 1024;
        /** Characters of the address kept. */
        public static final int MAX_ADDRESS = 256;

        public Rejected(long receivedAt, String transport, String deviceId, String address, RejectReason reason,
                        String detail, byte[] payload, CompletableFuture<Void> done) {
            this(receivedAt, transport, deviceId, address, reason, detail, payload, payload.length, done);
        }

        public Rejected {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(done, "done");
            address = cut(Objects.requireNonNull(address, "address"), MAX_ADDRESS);
            detail = cut(Objects.requireNonNull(detail, "detail"), MAX_DETAIL);
            payload = payload.length > MAX_PAYLOAD ? Arrays.copyOf(payload, MAX_PAYLOAD) : payload.clone();
            if (payloadLength < payload.length) {
                throw new IllegalArgumentException("payloadLength " + payloadLength + " is less than the "
                        + payload.length + " payload bytes given");
            }
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public int batchWeight() {
            return 1;
        }

        private static String cut(String s, int max) {
            return s.length() > max ? s.substring(0, max) : s;
        }
    }
}
