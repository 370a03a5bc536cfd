package io.ganglion.cloud.endpoint;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cloud endpoint's configuration, as read from {@code cloud.yaml} (docs/cloud.md). Every section has defaults
 * except {@code gateways}: an endpoint nobody may write to is a mistake, not a default.
 *
 * @param http          where the endpoint listens
 * @param tls           PEM certificate and key; absent: plain HTTP (behind a TLS-terminating load balancer)
 * @param maxBatchBytes the largest batch accepted, after decompression
 * @param storage       PostgreSQL or SQLite (the default, {@code data/cloud.db})
 * @param gateways      gateway id to its bearer token. Tokens are replaced by {@code sha256:HEX} of themselves as
 *                      soon as they are read, so the plain token is never held, printed or logged; a file may also
 *                      give the {@code sha256:HEX} form itself
 * @param adminToken    when set, the fleet queries ({@code GET /api/v1/...}) need it as a bearer token; hashed too
 */
public record CloudConfig(Http http, Tls tls, Long maxBatchBytes, Storage storage, Map<String, String> gateways,
                          String adminToken) {
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L * 1024 * 1024;
    public static final int MIN_TOKEN_LENGTH = 16;
    static final String HASH_PREFIX = "sha256:";

    public CloudConfig {
        http = orDefault(http, Http.defaults());
        maxBatchBytes = inRange("maxBatchBytes", orDefault(maxBatchBytes, DEFAULT_MAX_BATCH_BYTES), 1024,
                256L * 1024 * 1024);
        storage = orDefault(storage, Storage.defaults());
        if (gateways == null || gateways.isEmpty()) {
            throw new InvalidSettingException("gateways", "a map of gateway id to bearer token, at least one",
                    "nothing");
        }
        Map<String, String> hashed = new TreeMap<>();
        for (Map.Entry<String, String> entry : gateways.entrySet()) {
            identifier("gateways", entry.getKey());
            hashed.put(entry.getKey(), hashToken("gateways." + entry.getKey(), entry.getValue()));
        }
        gateways = Map.copyOf(hashed);
        adminToken = adminToken == null ? null : hashToken("adminToken", adminToken);
    }

    /** The token as {@code sha256:HEX}; a value already in that form is kept. The token itself is never shown. */
    static String hashToken(String key, String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidSettingException(key, "a bearer token of at least " + MIN_TOKEN_LENGTH + " characters",
                    "nothing");
        }
        if (token.startsWith(HASH_PREFIX)) {
            String hex = token.substring(HASH_PREFIX.length());
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new InvalidSettingException(key, "sha256: followed by 64 hexadecimal digits",
                        "a value of " + token.length() + " characters");
            }
            return HASH_PREFIX + hex.toLowerCase(java.util.Locale.ROOT);
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSettingException(key, "a bearer token of at least " + MIN_TOKEN_LENGTH
                    + " characters without spaces", "a token of " + token.length() + " characters (not shown)");
        }
        return HASH_PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public CloudConfig withHttp(Http newHttp) {
        return new CloudConfig(newHttp, tls, maxBatchBytes, storage, gateways, adminToken);
    }

    public CloudConfig withStorage(Storage newStorage) {
        return new CloudConfig(http, tls, maxBatchBytes, newStorage, gateways, adminToken);
    }

    /** The listener (YAML: {@code http}). Port 0 picks a free port. */
    public record Http(String host, Integer port) {
        public static final String DEFAULT_HOST = "0.0.0.0";
        public static final int DEFAULT_PORT = 8080;

        public Http {
            host = notBlank("host", orDefault(host, DEFAULT_HOST));
            port = inRange("port", orDefault(port, DEFAULT_PORT), 0, 65535);
        }

        public static Http defaults() {
            return new Http(null, null);
        }
    }

    /**
     * TLS (YAML: {@code tls}): a PEM certificate chain and its PEM (PKCS#8 or PKCS#1) private key.
     *
     * @param clientCaPath when set, mutual TLS: a gateway must present a client certificate issued by (or equal to) a
     *                     certificate in this PEM file, or the handshake fails; the bearer token is still required
     */
    public record Tls(Path certPath, Path keyPath, Path clientCaPath) {
        public Tls {
            if (certPath == null) {
                throw new InvalidSettingException("certPath", "the path of a PEM certificate", "nothing");
            }
            if (keyPath == null) {
                throw new InvalidSettingException("keyPath", "the path of a PEM private key", "nothing");
            }
        }

        /** Server TLS only, no client certificates. */
        public Tls(Path certPath, Path keyPath) {
            this(certPath, keyPath, null);
        }
    }

    /** Where batches are stored (YAML: {@code storage}): exactly one of {@code postgres} and {@code sqlite}. */
    public record Storage(Postgres postgres, Sqlite sqlite) {
        public Storage {
            if (postgres != null && sqlite != null) {
                throw new InvalidSettingException("storage", "one of postgres and sqlite", "both");
            }
            if (postgres == null) {
                sqlite = orDefault(sqlite, Sqlite.defaults());
            }
        }

        public static Storage defaults() {
            return new Storage(null, null);
        }
    }

    /**
     * PostgreSQL through the reactive client (YAML: {@code storage.postgres}).
     *
     * @param schema the schema the tables live in (created when missing); {@code public} by default
     */
    public record Postgres(String host, Integer port, String database, String user, String password,
                           Integer poolSize, String schema) {
        public Postgres {
            host = notBlank("host", orDefault(host, "127.0.0.1"));
            port = inRange("port", orDefault(port, 5432), 1, 65535);
            database = notBlank("database", orDefault(database, "ganglion"));
            user = notBlank("user", orDefault(user, "ganglion"));
            password = orDefault(password, "");
            poolSize = inRange("poolSize", orDefault(poolSize, 8), 1, 1000);
            schema = orDefault(schema, "public");
            if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new InvalidSettingException("schema",
                        "a lower-case SQL identifier (letters, digits, '_', at most 63)", "'" + schema + "'");
            }
        }

        @Override
        public String toString() {
            return "Postgres[" + user + "@" + host + ":" + port + "/" + database + ", schema " + schema + "]";
        }
    }

    /** SQLite, the embedded default (YAML: {@code storage.sqlite}); the directory is created when missing. */
    public record Sqlite(Path path) {
        public static final Path DEFAULT_PATH = Path.of("data", "cloud.db");

        public Sqlite {
            path = orDefault(path, DEFAULT_PATH);
        }

        public static Sqlite defaults() {
            return new Sqlite(null);
        }
    }
}
