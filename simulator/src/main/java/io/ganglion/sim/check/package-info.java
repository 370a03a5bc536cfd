/**
 * The end-of-run check over the gateway's REST API: {@link io.ganglion.sim.check.GatewayClient} (the counts endpoint,
 * HTTP/1.1), {@link io.ganglion.sim.check.EndOfRunCheck} (the ledger against the gateway, device by device) and its
 * {@link io.ganglion.sim.check.CheckReport} (OK / LOSS / EXCESS, rejections, a summary and a verdict).
 */
package io.ganglion.sim.check;
