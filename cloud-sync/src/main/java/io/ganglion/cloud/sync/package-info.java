/**
 * The gateway's half of cloud sync: window summaries and detection counts closed on event time, the durable SQLite
 * outbox with its sequence numbers, byte quota and order of sacrifice, and the uplink client that sends it to the
 * cloud endpoint (docs/sync.md).
 *
 * <p>What it must not do: depend on edge-runtime (the runtime wires these classes with plain constructors), block
 * an event loop (JDBC runs on the outbox's own thread, encoding on a worker), hold anything unbounded, or drop a
 * record without counting it. The wire format is {@code io.ganglion.cloud.wire}'s and is not changed here.
 */
package io.ganglion.cloud.sync;
