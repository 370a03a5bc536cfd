package io.ganglion.drivers.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Device passwords as they are kept at rest: PBKDF2 with HMAC-SHA-256, a random 16-byte salt and a work factor, in
 * one text field {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (the shape of Mosquitto's and
 * Django's password files). The JDK's own PBKDF2: no dependency. Verifying compares in constant time.
 *
 * <p>The default work factor is lower than a web site's for people's passwords: a device's password is a machine
 * secret of full entropy (the docs say to generate it), and a gateway must admit a thousand devices reconnecting after
 * an outage in seconds on a small board. {@link DeviceCredentials} also remembers a verified password's digest, so a
 * reconnect costs one SHA-256.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 10_000;
    static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password} with a fresh salt. */
    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations: expected at least " + MIN_ITERATIONS + ", got "
                    + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Reads an encoded hash.
     *
     * @throws IllegalArgumentException naming what was expected, without echoing the text (it is a secret's hash)
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("expected " + SCHEME + "$<iterations>$<salt>$<hash> (made by"
                    + " 'ganglion mqtt-password')");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of iterations after " + SCHEME + "$");
        }
        if (iterations < MIN_ITERATIONS || iterations > 10_000_000) {
            throw new IllegalArgumentException("expected " + MIN_ITERATIONS + " to 10000000 iterations, got "
                    + iterations);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("expected a salt of 8 bytes or more and a 32-byte hash");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected base64 salt and hash: " + e.getMessage());
        }
    }

    /** Whether {@code password} is the one hashed; constant time in the hash comparison. */
    public boolean matches(byte[] password) {
        char[] chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(password)).array();
        try {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations));
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
