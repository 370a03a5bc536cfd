/**
 * CoAP southbound: {@link io.ganglion.drivers.coap.CoapServerDriver}, the gateway's CoAP and CoAPS server, configured
 * by {@link io.ganglion.drivers.coap.CoapSettings}. Everything else here is package-private. It answers a device only
 * when the sink has handled its message, and never waits on Californium's threads; it must not decode payloads
 * (the pipeline does) nor know which devices exist (the pipeline answers 4.04 through the sink).
 */
package io.ganglion.drivers.coap;
