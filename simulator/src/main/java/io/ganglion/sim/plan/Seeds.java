package io.ganglion.sim.plan;

import java.util.SplittableRandom;

/**
 * Every random choice of a run derives from the scenario's seed, the device (its group's id prefix and its index in
 * the group, so that adding a group does not change the others) and a purpose, through SplitMix64's finaliser. So a
 * device's messages are the same whatever else the scenario holds, and a change of seed changes all of them.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed of one device's stream for one purpose (a metric name, "schedule", "faults"). */
    public static long of(long scenarioSeed, String group, int index, String purpose) {
        long device = mix(mix(scenarioSeed ^ mix(group.hashCode())) + index);
        return mix(device ^ mix(purpose.hashCode() + 0x632BE59BD9B4E019L));
    }

    public static SplittableRandom random(long scenarioSeed, String group, int index, String purpose) {
        return new SplittableRandom(of(scenarioSeed, group, index, purpose));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
