package io.ganglion.cloud.endpoint;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may write as which gateway. Holds only SHA-256 hashes of the tokens and compares them in constant time
 * ({@link MessageDigest#isEqual}); every configured hash is compared, so the time taken does not say which gateway a
 * token belongs to.
 */
final class GatewayTokens {
    enum Verdict { ALLOWED, UNAUTHORIZED, FORBIDDEN }

    private final Map<String, byte[]> hashes = new TreeMap<>();
    private final byte[] adminHash;

    GatewayTokens(CloudConfig config) {
        config.gateways().forEach((id, hash) -> hashes.put(id, decode(hash)));
        adminHash = config.adminToken() == null ? null : decode(config.adminToken());
    }

    private static byte[] decode(String hash) {
        return HexFormat.of().parseHex(hash.substring(CloudConfig.HASH_PREFIX.length()));
    }

    boolean isConfigured(String gatewayId) {
        return hashes.containsKey(gatewayId);
    }

    Iterable<String> ids() {
        return hashes.keySet();
    }

    /** 401 for no token or an unknown one, 403 for the token of another gateway. */
    Verdict check(String gatewayId, String token) {
        if (token == null) {
            return Verdict.UNAUTHORIZED;
        }
        byte[] presented = CloudConfig.sha256(token);
        boolean own = false;
        boolean other = false;
        for (Map.Entry<String, byte[]> entry : hashes.entrySet()) {
            boolean match = MessageDigest.isEqual(presented, entry.getValue());
            if (entry.getKey().equals(gatewayId)) {
                own |= match;
            } else {
                other |= match;
            }
        }
        return own ? Verdict.ALLOWED : other ? Verdict.FORBIDDEN : Verdict.UNAUTHORIZED;
    }

    /** The fleet queries: open when no admin token is configured. */
    boolean adminAllowed(String token) {
        return adminHash == null || token != null && MessageDigest.isEqual(CloudConfig.sha256(token), adminHash);
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
