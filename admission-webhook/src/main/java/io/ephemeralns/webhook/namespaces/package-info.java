/**
 * The webhook's in-memory view of the cluster's namespaces ({@link io.ephemeralns.webhook.namespaces.NamespaceCache}),
 * read by the admission rules through {@code rules.ClusterView} and by the baseline controller. It starts itself and
 * depends on neither: admission answers from start-up whatever the baseline controller does.
 */
package io.ephemeralns.webhook.namespaces;
