/**
 * Event-driven expiry in the Deployment mode: a watch-fed cache of the CI namespaces' metadata
 * ({@link io.ephemeralns.janitor.watch.NamespaceCache}, filled by one
 * {@link io.ephemeralns.janitor.watch.ListWatch} per listing of the scope), a delay queue keyed by each namespace's
 * due time ({@link io.ephemeralns.janitor.watch.DueQueue}), and the worker that deletes each namespace when it
 * becomes due ({@link io.ephemeralns.janitor.watch.DueDeletions}) through the same
 * {@link io.ephemeralns.janitor.act.Actions} as the sweep, and hands over each warning before deletion
 * ({@code janitor.warn.before} ahead, a second entry in the same queue). The periodic sweep stays, planned from the cache.
 */
package io.ephemeralns.janitor.watch;
