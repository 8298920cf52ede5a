package io.ephemeralns.janitor.forge;

import java.util.Locale;

/** The forges whose webhook deliveries the janitor reads; {@link #tag()} is the metric tag and the URL path. */
public enum Forge {
    /** GitHub: {@code X-GitHub-Event}, {@code X-GitHub-Delivery}, {@code X-Hub-Signature-256}. */
    GITHUB("X-GitHub-Event", "X-GitHub-Delivery"),
    /** GitLab: {@code X-Gitlab-Event}, {@code X-Gitlab-Event-UUID}, {@code X-Gitlab-Token}. */
    GITLAB("X-Gitlab-Event", "X-Gitlab-Event-UUID");

    private final String eventHeader;
    private final String deliveryHeader;

    Forge(String eventHeader, String deliveryHeader) {
        this.eventHeader = eventHeader;
        this.deliveryHeader = deliveryHeader;
    }

    /** {@code github} or {@code gitlab}: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The header naming the event. */
    public String eventHeader() {
        return eventHeader;
    }

    /** The header carrying the delivery's unique id, the key of replay detection. */
    public String deliveryHeader() {
        return deliveryHeader;
    }
}
