package io.ganglion.sim.run;

import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;

/**
 * The hook for GPIO devices, which this module cannot reach: they are pins of the gateway's own (mock) GPIO provider,
 * so only a caller in the gateway's process (its demo) can play them. It sets the pins as a telemetry message's
 * readings say ({@link io.ganglion.sim.plan.Tally#readings()}; the payload is the JSON the gateway's GPIO driver will
 * report) and confirms when the gateway has taken them. Without a hook, GPIO devices are skipped and counted.
 */
public interface GpioPins {

    /** The outcome of one message, to call exactly once, from any thread. */
    interface Outcome {
        /** The gateway committed the readings. */
        void acknowledged();

        /** The gateway refused them. */
        void rejected();

        /** They could not be applied. */
        void failed();
    }

    /** Before the run: the device exists (its profile's {@code transports.gpio} names its pins). */
    default void prepare(DeviceInfo device) {
    }

    /** Applies a telemetry message of a GPIO device. Must not block. */
    void apply(DeviceInfo device, Message message, Outcome outcome);
}
