package io.ephemeralns.webhook.baseline;

/**
 * One image pull secret a profile copies into its CI namespaces: the source Secret {@code namespace/name}, copied as
 * {@link #copyName()} and attached to the namespace's {@code default} ServiceAccount. The copy's name starts with
 * {@value BaselineProfiles#NAME_PREFIX} like every baseline object's, so it never collides with a Secret a pipeline
 * applies itself, and is reserved in CI namespaces like them.
 *
 * @param namespace the source's namespace (a DNS label)
 * @param name      the source Secret's name (a DNS subdomain)
 */
public record PullSecretRef(String namespace, String name) {

    /** Prefix of every copy's name: {@code ephemeral-ns-pull-<source name>}. */
    public static final String COPY_PREFIX = BaselineProfiles.NAME_PREFIX + "pull-";

    /** The copy's name in every CI namespace. */
    public String copyName() {
        return COPY_PREFIX + name;
    }

    /** {@code namespace/name}, as messages, Events and the metric's label say it. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
