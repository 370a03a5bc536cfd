/**
 * Typed, versioned firmware profiles (docs/profiles.md): the one place that says how a device of a model and firmware
 * version talks and what its values mean.
 *
 * <ul>
 *   <li>{@link io.ganglion.profiles.model.ProfileSet} loads a directory of profile files and the shipped library,
 *       resolves {@code extends}, checks everything and reports every problem at once
 *       ({@link io.ganglion.profiles.model.ProfileSetException}); it selects the profile of a device by model and
 *       {@link io.ganglion.profiles.model.FirmwareVersion} ({@link io.ganglion.profiles.model.ProfileSelection}).
 *   <li>{@link io.ganglion.profiles.model.DeviceProfile} decodes telemetry into readings (units converted, out-of-range
 *       values of BAD quality) and encodes readings and commands.
 *   <li>{@link io.ganglion.profiles.model.TestVectors} runs the vectors profiles carry.
 *   <li>The records ({@link io.ganglion.profiles.model.ProfileDocument} and its sections) are the format; the YAML
 *       binding, docs/profile.schema.json and the documentation are checked against them.
 * </ul>
 *
 * <p>Plain Java: no I/O beyond reading profile files, no network, no Vert.x. Payload formats are the codec package's
 * ({@link io.ganglion.profiles.codec}); this package gives their samples meaning.
 */
package io.ganglion.profiles.model;
