/**
 * One sweep, gather → plan → act: {@link io.ephemeralns.janitor.sweep.Sweeper} lists the CI namespaces, asks the
 * planner, and hands releases, deletions and stuck repair ({@link io.ephemeralns.janitor.sweep.StuckNamespaces})
 * to the actions; a failure on one namespace is logged and counted, and the sweep goes on.
 */
package io.ephemeralns.janitor.sweep;
