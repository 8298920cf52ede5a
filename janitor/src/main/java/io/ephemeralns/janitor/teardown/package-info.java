/**
 * The forge webhook receiver: its own HTTP server and port ({@code janitor.teardown.port}), which authenticates a
 * delivery, reads it ({@link io.ephemeralns.janitor.forge}) and, on the leader, marks the namespaces it names with
 * {@code ephemeral-ns.io/teardown-at}. It deletes nothing: the sweep deletes a marked namespace once
 * {@link io.ephemeralns.common.Expiry} says it is due, with every safety of a deletion.
 */
package io.ephemeralns.janitor.teardown;
