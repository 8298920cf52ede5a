package io.ephemeralns.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GitHub webhook deliveries as the tests of the pull-request teardown send them, shaped and signed like GitHub's. */
public final class GitHubDeliveries {

    private GitHubDeliveries() {
    }

    /** GitHub's {@code pull_request} event, action closed, as its documentation shows it (abridged). */
    public static String pullRequestClosed(String repository, int number) {
        return "{\"action\":\"closed\",\"number\":" + number + ",\"pull_request\":{\"number\":" + number
                + ",\"state\":\"closed\",\"merged\":true,\"head\":{\"ref\":\"feature/x\"},\"base\":{\"ref\":\"main\"}},"
                + "\"repository\":{\"name\":\"api\",\"full_name\":\"" + repository + "\"},\"sender\":{\"login\":\"octocat\"}}";
    }

    /** {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the body with the webhook's secret. */
    public static String signature(byte[] body, String secret) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
