package io.ganglion.runtime.soak;

/**
 * One reading of the soaked gateway's process.
 *
 * @param minutes        minutes since the load started
 * @param heapAfterGcMiB the heap in use right after a full GC (all heap pools), MiB; -1 when not taken
 * @param rssMiB         resident set size, MiB
 * @param descriptors    open file descriptors (sockets, the store's files, pipes)
 * @param threads        live threads
 */
record Sample(double minutes, double heapAfterGcMiB, double rssMiB, int descriptors, int threads) {

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.3f,%.2f,%.2f,%d,%d", minutes, heapAfterGcMiB, rssMiB,
                descriptors, threads);
    }
}
