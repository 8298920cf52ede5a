/**
 * The isolation baseline kept in every CI namespace, outside the admission path, split as a controller is:
 * <ul>
 *   <li>the profiles, parsed once from their file ({@link io.ephemeralns.webhook.baseline.ProfilesFile},
 *       {@link io.ephemeralns.webhook.baseline.BaselineProfiles}), and the pure decisions on them
 *       ({@link io.ephemeralns.webhook.baseline.BaselineComparison},
 *       {@link io.ephemeralns.webhook.baseline.RepairAction});</li>
 *   <li>image pull secrets: the profiles file's {@code imagePullSecrets}
 *       ({@link io.ephemeralns.webhook.baseline.ImagePullSecrets}), each copy decided from its source
 *       ({@link io.ephemeralns.webhook.baseline.PullSecretCopy}) and attached to the {@code default} ServiceAccount
 *       ({@link io.ephemeralns.webhook.baseline.ServiceAccountPullSecrets}), all pure; the watches on the
 *       {@code default} ServiceAccounts ({@link io.ephemeralns.webhook.baseline.DefaultServiceAccounts}) and on exactly the named
 *       sources ({@link io.ephemeralns.webhook.baseline.PullSecretSources}) and the Event when one is missing
 *       ({@link io.ephemeralns.webhook.baseline.BaselineEvents});</li>
 *   <li>the triggers: namespace and baseline-object events that queue a namespace
 *       ({@link io.ephemeralns.webhook.baseline.BaselineTriggers}), and changes of a pull secret's source;</li>
 *   <li>one reconcile of one namespace, {@code reconcile(name) -> result}
 *       ({@link io.ephemeralns.webhook.baseline.BaselineReconciler}, acting through
 *       {@link io.ephemeralns.webhook.baseline.BaselineApplier}), and its metrics
 *       ({@link io.ephemeralns.webhook.baseline.BaselineMetrics});</li>
 *   <li>the loop that runs it: queue, retries, periodic resync by the elected replica, health
 *       ({@link io.ephemeralns.webhook.baseline.BaselineController}).</li>
 * </ul>
 * It reads the settings ({@code webhook.config}) and the namespace cache ({@code webhook.namespaces}); neither
 * depends on it.
 */
package io.ephemeralns.webhook.baseline;
