package io.ganglion.sim.net;

import java.util.List;

/** A list of device ids short enough for one error line. */
final class Listing {
    private static final int SHOWN = 5;

    private Listing() {
    }

    /** {@code a, b, c} or {@code a, b, c, d, e (and 7 more)}. */
    static String some(List<String> ids) {
        String shown = String.join(", ", ids.subList(0, Math.min(SHOWN, ids.size())));
        return ids.size() <= SHOWN ? shown : shown + " (and " + (ids.size() - SHOWN) + " more)";
    }
}
