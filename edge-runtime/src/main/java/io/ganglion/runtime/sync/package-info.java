/**
 * The cloud sync of a running gateway (docs/sync.md, "Gateway wiring"): {@link io.ganglion.runtime.sync.SyncService}
 * opens the outbox, hooks a feed to what the store commits (readings, status messages, detection windows), runs it on
 * one thread ({@code ganglion-sync}) that owns the window summaries, and starts the uplink client;
 * {@link io.ganglion.runtime.sync.SyncSnapshot} is {@code GET /api/v1/sync}; {@link io.ganglion.runtime.sync.SyncMetrics}
 * the {@code ganglion_sync_*} meters.
 *
 * <p>What it must not do: slow or block ingest (the feed only enqueues on the store's writer thread; a full queue is
 * counted and logged rate-limited), block an event loop (status queries run on the API's worker pool), feed data that
 * is not committed to the store, or log the token. The summaries, outbox and uplink themselves are
 * {@code io.ganglion.cloud.sync}'s and are only wired here.
 */
package io.ganglion.runtime.sync;
