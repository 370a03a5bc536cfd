package io.ganglion.runtime.doctor;

import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.security.InsecureSettings;
import java.util.List;

/** What {@link InsecureSettings} finds (the gateway logs the same at start), each as a warning with its fix. */
final class InsecureSettingsCheck implements Check {
    static final String NAME = "insecure settings";
    private final GatewayConfig config;

    InsecureSettingsCheck(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run() {
        List<InsecureSettings.Item> items = InsecureSettings.of(config).items();
        if (items.isEmpty()) {
            return List.of(CheckResult.ok(NAME, "none (docs/security.md)"));
        }
        return items.stream()
                .map(item -> CheckResult.warn(NAME, item.what() + ": " + item.why(), item.fix()))
                .toList();
    }
}
