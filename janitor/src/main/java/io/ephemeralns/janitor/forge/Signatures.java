package io.ephemeralns.janitor.forge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each forge authenticates a delivery, checked in constant time (a comparison that stops at the first wrong byte
 * tells an attacker how much of a guess was right):
 * <ul>
 *   <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>};</li>
 *   <li>GitLab: {@code X-Gitlab-Token} is the secret itself.</li>
 * </ul>
 * A missing header, an empty secret or a malformed signature is never valid.
 */
public final class Signatures {

    /** Prefix of GitHub's {@code X-Hub-Signature-256} value. */
    public static final String GITHUB_PREFIX = "sha256=";

    private Signatures() {
    }

    /** True when {@code header} is GitHub's signature of {@code body} with {@code secret}. */
    public static boolean githubValid(byte[] body, String header, byte[] secret) {
        if (header == null || secret.length == 0 || !header.startsWith(GITHUB_PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(GITHUB_PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(body, secret), given);
    }

    /** True when {@code header} is GitLab's token, equal to {@code secret}. */
    public static boolean gitlabValid(String header, byte[] secret) {
        if (header == null || secret.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), secret);
    }

    /** GitHub's header value for a body: what a forge (or a test) sends. */
    public static String githubSignature(byte[] body, byte[] secret) {
        return GITHUB_PREFIX + HexFormat.of().formatHex(hmacSha256(body, secret));
    }

    private static byte[] hmacSha256(byte[] body, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
