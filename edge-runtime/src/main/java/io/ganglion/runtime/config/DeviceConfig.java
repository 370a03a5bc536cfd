package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.notBlank;

import io.ganglion.profiles.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * One declared device (YAML: an entry of {@code devices}). It names either the exact {@code profile} that decodes it,
 * or its {@code model}, in which case the firmware it announces on its status channel picks the profile of that model
 * whose firmware range covers it; {@code firmware} is the version assumed until it announces one. The gateway checks
 * at start that the profile or model is one it knows.
 *
 * <p>{@code address} is where the device itself listens, for devices the gateway reads rather than waits for: a
 * device whose profile observes or polls its CoAP resource is read at {@code address} plus the profile's
 * {@code transports.coap.telemetry} path.
 *
 * <p>{@code camera} is for a device whose profile has {@code camera.detection}: its own model, confidence, zones or
 * a source the gateway pulls frames from (see {@link CameraConfig}); null: the profile's settings, frames pushed.
 *
 * <p>{@code pins} is for a device on the gateway's own GPIO: the BCM numbers its pins are wired to, by the pin names
 * of its profile's {@code transports.gpio}, where they differ from the profile's (four loop detector cards of one
 * profile on four pairs of pins, say). Names the profile does not have are refused at start.
 */
public record DeviceConfig(String id, String profile, String model, String firmware, String address,
                           CameraConfig camera, Map<String, Integer> pins) {
    private static final String ADDRESS_EXPECTATION = "a coap:// or coaps:// URI with a host and no path, such as "
            + "coap://192.0.2.10:5683";

    public DeviceConfig {
        identifier("id", id);
        if ((profile == null) == (model == null)) {
            throw new InvalidSettingException(profile == null ? "profile" : "model",
                    "either profile (a profile id) or model (selects the profile by firmware), not both",
                    profile == null ? "neither" : "both");
        }
        if (profile != null) {
            notBlank("profile", profile);
            if (firmware != null) {
                throw new InvalidSettingException("firmware", "firmware only together with model (a fixed profile "
                        + "does not depend on it)", firmware);
            }
        } else {
            notBlank("model", model);
        }
        if (firmware != null) {
            notBlank("firmware", firmware);
        }
        if (address != null) {
            address = address(address);
        }
        pins = pins(pins);
    }

    /** A device with camera settings and no pins of its own. */
    public DeviceConfig(String id, String profile, String model, String firmware, String address,
                        CameraConfig camera) {
        this(id, profile, model, firmware, address, camera, null);
    }

    /** A device without camera settings of its own. */
    public DeviceConfig(String id, String profile, String model, String firmware, String address) {
        this(id, profile, model, firmware, address, null);
    }

    /** A device selected by profile or by model, with no address of its own. */
    public DeviceConfig(String id, String profile, String model, String firmware) {
        this(id, profile, model, firmware, null, null);
    }

    /** A device with a fixed profile. */
    public DeviceConfig(String id, String profile) {
        this(id, profile, null, null, null, null);
    }

    /** The address as a URI; only for a device that has one. */
    public URI addressUri() {
        return URI.create(address);
    }

    private static Map<String, Integer> pins(Map<String, Integer> pins) {
        if (pins == null) {
            return Map.of();
        }
        for (Map.Entry<String, Integer> pin : pins.entrySet()) {
            if (pin.getValue() == null || pin.getValue() < 0 || pin.getValue() > 53) {
                throw new InvalidSettingException("pins." + pin.getKey(), "a BCM GPIO number from 0 to 53",
                        pin.getValue());
            }
        }
        return Map.copyOf(pins);
    }

    /** Checks the address and drops a trailing slash, so that a profile's path can be appended. */
    private static String address(String address) {
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("address", ADDRESS_EXPECTATION, "'" + address + "'");
        }
        boolean coap = "coap".equals(uri.getScheme()) || "coaps".equals(uri.getScheme());
        boolean noPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!coap || uri.getHost() == null || !noPath || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException("address", ADDRESS_EXPECTATION, "'" + address + "'");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
