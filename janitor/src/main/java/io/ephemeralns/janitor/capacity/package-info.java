/**
 * Capacity held by CI namespaces (pure): what each namespace's baseline ResourceQuota says it has requested, and the
 * sums by state that the janitor exports ({@code ephemeral_ns_requested_*}) and shows in {@code GET /namespaces}.
 */
package io.ephemeralns.janitor.capacity;
