package io.ganglion.runtime.security;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.AuthConfig;
import io.ganglion.runtime.config.OperatorTokenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operators' tokens, held only as SHA-256 hashes. A presented token is compared with every configured hash in
 * constant time ({@link MessageDigest#isEqual}), so the time taken says neither whether nor which token matched.
 * Immutable and thread-safe.
 */
public final class OperatorTokens {
    private record Entry(Operator operator, byte[] hash) {
    }

    private final List<Entry> entries;

    private OperatorTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the tokens of {@code http.auth}, including those in files.
     *
     * @param configFile names the file in errors
     * @throws ConfigException when a token file cannot be read or holds too short a token, or two entries share a
     *                         token; the message names the key and never shows a token
     */
    public static OperatorTokens load(AuthConfig auth, Path configFile) throws ConfigException {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < auth.tokens().size(); i++) {
            OperatorTokenConfig config = auth.tokens().get(i);
            String key = "http.auth.tokens[" + i + "]";
            String token = config.token() != null ? config.token().strip() : read(configFile, key, config.tokenFile());
            byte[] hash = sha256(token);
            for (Entry other : entries) {
                if (MessageDigest.isEqual(hash, other.hash())) {
                    throw new ConfigException(configFile, key, 0, "expected a token of its own, got the same token as '"
                            + other.operator().name() + "' (each token must say who holds it)");
                }
            }
            entries.add(new Entry(new Operator(config.name(), config.role()), hash));
        }
        return new OperatorTokens(entries);
    }

    private static String read(Path configFile, String key, Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Relative paths are taken from the working directory, as for every other file of the configuration.
            throw new ConfigException(configFile, key + ".tokenFile", 0, "expected a readable file holding the token, "
                    + "got " + file + " (" + (Files.exists(file) ? "cannot be read" : "no such file") + ", resolved to "
                    + file.toAbsolutePath().normalize() + ")");
        }
        try {
            return OperatorTokenConfig.checkLength("tokenFile", text);
        } catch (InvalidSettingException e) {
            throw new ConfigException(configFile, key + ".tokenFile", 0, "expected a file holding a token of at least "
                    + OperatorTokenConfig.MIN_LENGTH + " characters, got " + file + " with "
                    + text.strip().length() + " characters (not shown)");
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The operator whose token this is; empty for an unknown token. Compares with every entry, match or not. */
    public Optional<Operator> match(String token) {
        if (token == null) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Operator found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.hash()) && found == null) {
                found = entry.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
