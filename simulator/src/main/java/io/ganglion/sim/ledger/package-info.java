/**
 * What a run sent and the gateway acknowledged ({@link io.ganglion.sim.ledger.Ledger}, thread-safe), and the
 * end-of-run checks on plain numbers: {@link io.ganglion.sim.ledger.Expectation#check} against the readings the
 * gateway stored, {@link io.ganglion.sim.ledger.RejectionCheck} against its rejected count. Fetching the gateway's
 * numbers (its REST API) is the caller's part.
 */
package io.ganglion.sim.ledger;
