package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Operators' access to the REST API, the dashboard and {@code /metrics} (YAML: {@code http.auth}). The rules, in
 * docs/security.md: with tokens, every request but the dashboard's static files and the login needs one; without
 * tokens the API is open, which is only safe on loopback.
 *
 * @param required {@code true}: refuse to start without tokens; {@code false}: no tokens on purpose (say, a proxy in
 *                 front authenticates), which silences the start-up warning; none: tokens decide
 * @param tokens   who may call the API, each with a role
 */
public record AuthConfig(Boolean required, List<OperatorTokenConfig> tokens) {
    public AuthConfig {
        tokens = List.copyOf(orDefault(tokens, List.of()));
        if (Boolean.TRUE.equals(required) && tokens.isEmpty()) {
            throw new InvalidSettingException("tokens", "at least one token when required is true", "none");
        }
        if (Boolean.FALSE.equals(required) && !tokens.isEmpty()) {
            throw new InvalidSettingException("required", "true or no value when tokens are given "
                    + "(remove the tokens to run without authentication)", false);
        }
        Set<String> names = new HashSet<>();
        for (OperatorTokenConfig token : tokens) {
            if (!names.add(token.name())) {
                throw new InvalidSettingException("tokens", "each token name once", "'" + token.name() + "' twice");
            }
        }
    }

    public static AuthConfig defaults() {
        return new AuthConfig(null, null);
    }

    /** Whether requests need a token. */
    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** No tokens, and the configuration says that is intended. */
    public boolean deliberatelyOff() {
        return Boolean.FALSE.equals(required);
    }
}
