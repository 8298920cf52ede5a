/**
 * Warnings before deletion ({@code janitor.warn.*}): {@code janitor.warn.before} ahead of a CI namespace's deletion the
 * leader records a {@code Warning} Event {@code ExpiringSoon}, the annotation {@code ephemeral-ns.io/deletion-planned-at}
 * and, when configured, POSTs the warning as JSON ({@link io.ephemeralns.janitor.warn.WebhookNotifier}). The decision
 * is the pure planner's ({@link io.ephemeralns.janitor.plan.SweepPlanner#warning}); the event path keys it in its delay
 * queue and every sweep warns what it finds in the window. All of it runs on small bounded executors off the deletion
 * path: a warning that fails or waits never delays a deletion.
 */
package io.ephemeralns.janitor.warn;
