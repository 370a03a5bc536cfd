/**
 * The cloud sync endpoint ({@code ganglion cloud}): takes batches from many gateways over HTTP(S), authenticates each
 * by its bearer token, validates and stores them exactly once per (gateway, seq) in PostgreSQL or SQLite, and answers
 * fleet queries. Public surface: {@link io.ganglion.cloud.endpoint.CloudConfig},
 * {@link io.ganglion.cloud.endpoint.CloudConfigLoader}, {@link io.ganglion.cloud.endpoint.CloudEndpoint} and the
 * {@link io.ganglion.cloud.endpoint.CloudStore} contract.
 *
 * <p>It must not: keep state between requests outside the store (replicas share nothing but the database), block the
 * event loop (SQLite runs on one worker thread, PostgreSQL through the reactive client), hold or log a plain token,
 * or acknowledge a batch before its transaction committed. The wire format is {@code io.ganglion.cloud.wire}'s;
 * docs/cloud.md documents the whole endpoint.
 */
package io.ganglion.cloud.endpoint;
