package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A camera's own settings (YAML: {@code devices[].camera}), for a device whose profile has {@code camera.detection}.
 * Everything is optional: the profile's detection settings apply, and frames arrive over MQTT, CoAP or HTTP upload.
 *
 * @param model      the model (a {@code vision.models} name) instead of the profile's {@code detection.model}
 * @param confidence the score below which detections are dropped, instead of the profile's {@code confidence}
 * @param zones      zones instead of the profile's (all of them): name to polygon of at least 3 [x, y] points, each
 *                   coordinate a fraction of the frame's width or height from its top left (0 to 1)
 * @param snapshot   the gateway fetches a JPEG from the camera's snapshot URL at an interval
 * @param mjpeg      the gateway reads the camera's MJPEG-over-HTTP stream
 * @param folder     the gateway reads JPEG files as they appear in a folder
 */
public record CameraConfig(String model, Double confidence, Map<String, List<List<Double>>> zones, Snapshot snapshot,
                           Mjpeg mjpeg, Folder folder) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(2);

    /** {@code snapshot}: an HTTP(S) URL that answers one JPEG per GET. */
    public record Snapshot(String url, Duration interval) {
        public Snapshot {
            url = httpUrl("url", url);
            interval = inRange("interval", orDefault(interval, DEFAULT_INTERVAL), Duration.ofMillis(50),
                    Duration.ofHours(24));
        }
    }

    /** {@code mjpeg}: an HTTP(S) URL that answers a multipart/x-mixed-replace stream of JPEGs. */
    public record Mjpeg(String url, Duration reconnectDelay) {
        public Mjpeg {
            url = httpUrl("url", url);
            reconnectDelay = inRange("reconnectDelay", orDefault(reconnectDelay, DEFAULT_RECONNECT_DELAY),
                    Duration.ofMillis(10), Duration.ofMinutes(10));
        }
    }

    /** {@code folder}: a directory where another program writes JPEG files. */
    public record Folder(Path path, Duration interval) {
        public Folder {
            if (path == null) {
                throw new InvalidSettingException("path", "a directory", "nothing");
            }
            interval = inRange("interval", orDefault(interval, DEFAULT_INTERVAL), Duration.ofMillis(50),
                    Duration.ofHours(24));
        }
    }

    public CameraConfig {
        if (model != null) {
            identifier("model", model);
        }
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
            throw new InvalidSettingException("confidence", "a score from 0 to 1", confidence);
        }
        if (zones != null) {
            zones.forEach(CameraConfig::checkZone);
            zones = Map.copyOf(zones);
        }
        int sources = (snapshot == null ? 0 : 1) + (mjpeg == null ? 0 : 1) + (folder == null ? 0 : 1);
        if (sources > 1) {
            throw new InvalidSettingException(snapshot != null ? "snapshot" : "mjpeg",
                    "at most one of snapshot, mjpeg and folder", sources + " of them");
        }
    }

    /** No settings of its own: the profile's detection, frames pushed to the gateway. */
    public static CameraConfig defaults() {
        return new CameraConfig(null, null, null, null, null, null);
    }

    public boolean pulls() {
        return snapshot != null || mjpeg != null || folder != null;
    }

    private static void checkZone(String name, List<List<Double>> polygon) {
        String key = "zones." + name;
        String expected = "a polygon of at least 3 points [x, y], each coordinate from 0 to 1";
        identifier(key, name);
        if (polygon == null || polygon.size() < 3) {
            throw new InvalidSettingException(key, expected, polygon == null ? "nothing" : polygon.size() + " points");
        }
        for (List<Double> point : polygon) {
            if (point == null || point.size() != 2 || point.stream().anyMatch(c -> c == null || c < 0 || c > 1)) {
                throw new InvalidSettingException(key, expected, "point " + point);
            }
        }
    }

    private static String httpUrl(String key, String url) {
        String expected = "an http:// or https:// URL with a host";
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException(key, expected, "nothing");
        }
        try {
            URI uri = new URI(url.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidSettingException(key, expected, "'" + url + "'");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key, expected, "'" + url + "'");
        }
    }
}
