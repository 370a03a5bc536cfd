package io.ganglion.runtime.profiles;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.mqtt.TopicTemplate;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.MqttTransport;
import io.ganglion.profiles.model.ProfileSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The MQTT topic templates a set of profiles declares, for the drivers' {@link io.ganglion.drivers.mqtt.TopicRouter}. */
public final class ProfileTemplates {
    private ProfileTemplates() {
    }

    /**
     * Telemetry and status templates of every profile, and the frames template of camera profiles, without repeats
     * (most profiles use the standard ones).
     */
    public static List<TopicTemplate> of(ProfileSet set) {
        Set<TopicTemplate> templates = new LinkedHashSet<>();
        for (DeviceProfile profile : set.all()) {
            MqttTransport mqtt = profile.transports().mqtt();
            if (mqtt != null) {
                templates.add(TopicTemplate.from(mqtt.telemetry(), Channel.TELEMETRY));
                templates.add(TopicTemplate.from(mqtt.status(), Channel.STATUS));
                if (profile.camera().isPresent()) {
                    templates.add(TopicTemplate.from(mqtt.frames(), Channel.FRAMES));
                }
            }
        }
        return List.copyOf(templates);
    }
}
