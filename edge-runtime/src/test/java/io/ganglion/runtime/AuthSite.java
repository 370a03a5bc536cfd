package io.ganglion.runtime;

import io.ganglion.runtime.config.AuthConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.OperatorTokenConfig;
import io.ganglion.runtime.config.OperatorTokenConfig.Role;
import java.nio.file.Path;
import java.util.List;

/** A gateway with operators' tokens (one admin, one read) and a relay that takes commands, for other packages' tests. */
public final class AuthSite {
    public static final String ADMIN = "admin-token-0123456789abcdef";
    public static final String READ = "read-token-0123456789abcdef";
    public static final String RELAY = "relay-1";

    private AuthSite() {
    }

    public static Gateway start(Path dir) throws Exception {
        return Gateway.start(GatewayFixture.embedded(dir, null, List.of(new DeviceConfig(RELAY, "relay-output")))
                .withHttp(new HttpConfig("127.0.0.1", 0, new AuthConfig(null, List.of(
                        new OperatorTokenConfig("console", Role.ADMIN, ADMIN, null),
                        new OperatorTokenConfig("viewer", Role.READ, READ, null))), null)), "test");
    }
}
