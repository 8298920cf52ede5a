package io.ephemeralns.webhook.config;

import java.util.Locale;

/**
 * How the janitor's access to CI namespaces is installed ({@code webhook.janitor-access}): the profiles' RoleBinding
 * to the janitor's ClusterRole (a RoleBinding whose roleRef names {@code webhook.janitor-cluster-role}, in the
 * shipped profile {@code ephemeral-ns-janitor-access}) gives the janitor get, list and patch inside each CI
 * namespace only, so it can remove a broken finalizer of any kind there without cluster-wide rights.
 *
 * <p>The binding's finalizer {@value #FINALIZER_NAME} keeps it while the namespace terminates, so that the janitor still
 * has its rights when it must repair the namespace; the janitor releases it last. Without a janitor that releases it,
 * that finalizer would keep every deleted CI namespace in Terminating for ever, so it is only planned with
 * {@link #FINALIZER}.
 */
public enum JanitorAccess {
    /** The binding, with its finalizer: the janitor runs and releases it (the default). */
    FINALIZER,
    /** The binding without the finalizer: deleted namespaces never wait for a janitor, but lose it while terminating. */
    BINDING,
    /** No binding: the janitor repairs only what its cluster-wide rules allow. */
    OFF;

    /** The finalizer that keeps the janitor's binding while its namespace terminates. */
    public static final String FINALIZER_NAME = "ephemeral-ns.io/janitor-access";

    /** Parses {@code finalizer}, {@code binding} or {@code off}; the message names the key. */
    public static JanitorAccess parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook.janitor-access=" + value + " is not one of finalizer, binding, off");
        }
    }

    /** The setting's value as written in the configuration. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
