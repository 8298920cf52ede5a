package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * The warning before deletion's settings ({@code janitor.warn.*}), validated once at start-up: a bad value stops the
 * program with a message naming the key. The URL's query (which may carry a chat token) is never printed.
 *
 * @param before      how long before a deletion to warn; zero = off
 * @param webhookUrl  where to POST each warning, empty = no POST
 * @param timeout     timeout of one POST attempt
 * @param maxAttempts most attempts per POST
 */
public record WarnSettings(Duration before, Optional<URI> webhookUrl, Duration timeout, int maxAttempts) {

    /** The largest {@code janitor.warn.max-attempts}: beyond it a dead endpoint only fills the queue. */
    static final int MAX_ATTEMPTS = 10;

    /** Validates the configuration. */
    public static WarnSettings from(JanitorConfig.WarnConfig config) {
        Duration before = config.before().orElse(Duration.ZERO);
        Optional<URI> url = config.webhookUrl().filter(text -> !text.isBlank()).map(WarnSettings::url);
        if (url.isPresent() && before.isZero()) {
            throw new IllegalArgumentException("janitor.warn.webhook-url is set but janitor.warn.before is not: set how long"
                    + " before a deletion to warn, e.g. janitor.warn.before=15m");
        }
        if (config.timeout().isZero() || config.timeout().isNegative()) {
            throw new IllegalArgumentException("janitor.warn.timeout=" + Ttl.format(config.timeout())
                    + " must be positive, e.g. 5s");
        }
        if (config.maxAttempts() < 1 || config.maxAttempts() > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("janitor.warn.max-attempts=" + config.maxAttempts() + " must be between 1 and "
                    + MAX_ATTEMPTS + ", e.g. 3");
        }
        return new WarnSettings(before, url, config.timeout(), config.maxAttempts());
    }

    private static URI url(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below with the accepted form
        }
        throw new IllegalArgumentException("janitor.warn.webhook-url is not an absolute http or https URL (its value is"
                + " not printed: it may carry a token): use e.g. https://chat.example.com/hooks/ci");
    }

    /** True when warnings are on. */
    public boolean enabled() {
        return !before.isZero();
    }

    /** One line for the start-up log, without the URL's path and query. */
    public String describe() {
        return "warn.before=" + (enabled() ? Ttl.format(before) : "off")
                + " warn.webhook-url=" + webhookUrl.map(uri -> uri.getScheme() + "://" + uri.getAuthority() + "/...")
                        .orElse("(none)")
                + " warn.timeout=" + Ttl.format(timeout) + " warn.max-attempts=" + maxAttempts;
    }
}
