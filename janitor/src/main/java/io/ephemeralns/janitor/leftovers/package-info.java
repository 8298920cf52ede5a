/**
 * Cluster-scoped objects a CI namespace left behind (issue 15): objects of the configured cluster-scoped resources
 * labelled {@code ephemeral-ns.io/owner-namespace=<namespace>} are reported once that namespace is gone and deleted
 * after {@code janitor.leftovers.grace}. The decision is pure ({@link io.ephemeralns.janitor.leftovers.LeftoverPlanner}:
 * objects, which owners still exist, what the janitor remembers of each owner, an {@code Instant now});
 * {@link io.ephemeralns.janitor.leftovers.LeftoverSweep} gathers that state and acts with the janitor's safety
 * (leader only, dry-run, the deletion rate limit, a per-sweep cap, re-read with UID and resourceVersion preconditions).
 *
 * <p>Confused deputy: a label is a claim anyone who may update the object can make. The janitor therefore deletes
 * only an object created after its owner namespace, as the janitor itself saw that namespace while it lived
 * ({@link io.ephemeralns.janitor.leftovers.OwnerMemory}: creation times come from the API server, never from the object):
 * a shared ClusterRole labelled afterwards by a pipeline is older than the pipeline's namespace and is only reported.
 */
package io.ephemeralns.janitor.leftovers;
