package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;

import io.ganglion.profiles.InvalidSettingException;
import java.nio.file.Path;

/**
 * One operator's token (YAML: an entry of {@code http.auth.tokens}). The token is given inline (normally as
 * {@code ${NAME}} from the environment) or in a file of its own; it is never printed, not even in an error.
 *
 * @param name      who holds it, for the log and the dashboard (never the token itself)
 * @param role      what it may do
 * @param token     the token; at least {@value #MIN_LENGTH} characters
 * @param tokenFile a file holding the token (surrounding white space ignored); read at start
 */
public record OperatorTokenConfig(String name, Role role, String token, Path tokenFile) {
    /** 16 random characters from a 64-letter alphabet are 96 bits: beyond guessing, even without the rate limit. */
    public static final int MIN_LENGTH = 16;

    /** {@code read} may look at everything; {@code admin} may also change things (every request but GET). */
    public enum Role { READ, ADMIN }

    public OperatorTokenConfig {
        name = identifier("name", name);
        if (role == null) {
            throw new InvalidSettingException("role", "read or admin", "nothing");
        }
        if ((token == null) == (tokenFile == null)) {
            throw new InvalidSettingException(token == null ? "token" : "tokenFile",
                    "exactly one of token and tokenFile", token == null ? "neither" : "both");
        }
        if (token != null) {
            checkLength("token", token);
        }
    }

    /**
     * @throws InvalidSettingException when {@code token} is too short; the message gives its length, never the token
     */
    public static String checkLength(String key, String token) {
        if (token.strip().length() < MIN_LENGTH) {
            throw new InvalidSettingException(key, "at least " + MIN_LENGTH + " characters (e.g. openssl rand -hex 32)",
                    "a token of " + token.strip().length() + " characters (not shown)");
        }
        return token.strip();
    }

    /** Without the token: configurations are logged and shown in test failures. */
    @Override
    public String toString() {
        return "OperatorTokenConfig[name=" + name + ", role=" + role + ", token=" + (token == null ? "none" : "***")
                + ", tokenFile=" + tokenFile + "]";
    }
}
