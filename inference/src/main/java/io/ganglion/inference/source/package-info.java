/**
 * Frame sources: where camera frames come from when the gateway fetches them itself (an MJPEG stream, a snapshot
 * URL, a folder of images). Each source runs on its own daemon thread named after its camera, reports every
 * failure to {@link io.ganglion.inference.source.FrameSink#problem} and keeps trying, bounds what it buffers by
 * {@link io.ganglion.inference.source.SourceLimits}, and stops on {@code close()}.
 *
 * <p>What this package must not do: decode images (that is {@code io.ganglion.inference.image}, on the inference
 * workers), queue frames (the sink keeps only the newest per camera), or depend on Vert.x (it uses the JDK's HTTP
 * client, so the inference module runs without the gateway).
 */
package io.ganglion.inference.source;
