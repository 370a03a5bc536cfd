/**
 * {@code ganglion doctor}: whether a gateway with a given configuration can start and work on this machine, and what
 * to fix when not (docs/operations.md, "Checking a gateway").
 *
 * <p>{@link io.ganglion.runtime.doctor.ConfigurationCheck} runs first: without a configuration nothing else can be
 * checked. The other checks each implement {@link io.ganglion.runtime.doctor.Check} and are run side by side by
 * {@link io.ganglion.runtime.doctor.Doctor}, each with its own timeout. A check uses the gateway's own code where
 * the gateway has it (the loader, the profile checks, the file checks of its start, model loading,
 * {@code InsecureSettings}) so that the doctor and the gateway never disagree, and real resources otherwise (a bind,
 * an MQTT login, an HTTPS request, a read-only SQLite connection, file access checks). To add a check, write a class
 * of its own and list it in {@link io.ganglion.runtime.doctor.Doctor#forGateway}, then document it in the table of
 * docs/operations.md.
 */
package io.ganglion.runtime.doctor;
