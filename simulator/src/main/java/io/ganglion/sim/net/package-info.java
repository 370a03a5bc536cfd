/**
 * The simulator's network side: {@link io.ganglion.sim.net.MqttLink} (the Vert.x MQTT client, a client per device on
 * shared event loops, paced connects, a window and a bounded queue per device, DROP without DISCONNECT) and
 * {@link io.ganglion.sim.net.CoapLink} (Californium; shared plain endpoints, one DTLS endpoint per PSK identity). Each
 * is configured by a settings record with defaults ({@link io.ganglion.sim.net.MqttSettings},
 * {@link io.ganglion.sim.net.CoapSettings}). A secured MQTT endpoint: {@link io.ganglion.sim.net.MqttUrl} (plain or
 * TLS), {@link io.ganglion.sim.net.MqttTls} (trusted CAs, hostname verification, client certificates from
 * {@link io.ganglion.sim.net.ClientCertificates}) and {@link io.ganglion.sim.net.MqttLogins} (user name and password
 * per device, from {@link io.ganglion.sim.net.DevicePasswords}). Never depends on the gateway's code: it talks to it
 * over the network.
 */
package io.ganglion.sim.net;
