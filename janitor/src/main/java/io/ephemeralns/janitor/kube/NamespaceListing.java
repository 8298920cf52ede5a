package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.LabelSelector;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of the two disjoint label selections that together cover the janitor's scope, so that each namespace is sent
 * and decoded once: the configured selector narrowed to namespaces without {@code ephemeral-ns.io/managed=true}, and
 * that label (a CI namespace whose pipeline labels were changed stays in scope). With the webhook installed nearly
 * every CI namespace carries both, and listing both sets in full would double the work. The {@code !=} is checked
 * again in memory ({@link #accepts}), for servers that ignore it.
 *
 * @param selector      the label selector sent to the API server
 * @param unmanagedOnly whether namespaces labelled {@code managed=true} are left to the other listing
 */
public record NamespaceListing(String selector, boolean unmanagedOnly) {

    /** The two listings of a scope: the configured selector without managed=true, then managed=true. */
    public static List<NamespaceListing> of(LabelSelector configured) {
        return List.of(new NamespaceListing(configured + "," + ProductKeys.MANAGED + "!=true", true),
                new NamespaceListing(ProductKeys.MANAGED + "=true", false));
    }

    /** Whether a namespace the server returned belongs to this listing. */
    public boolean accepts(NamespaceView namespace) {
        return !unmanagedOnly || !"true".equals(namespace.label(ProductKeys.MANAGED));
    }

    /** The query parameter of this selector, URL-encoded. */
    String query() {
        return "labelSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return selector;
    }
}
