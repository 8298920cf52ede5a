/**
 * Acting on a plan: the {@link io.ephemeralns.janitor.act.Actions} a sweep hands its planned changes to, carried out
 * ({@link io.ephemeralns.janitor.act.LiveActions}) or only logged ({@link io.ephemeralns.janitor.act.DryRunActions});
 * the {@link io.ephemeralns.janitor.act.ActionGate} every action is first asked of (leadership, a trusted clock);
 * the one rate limit of deletions and repairs ({@link io.ephemeralns.janitor.act.TokenBucket}); and the run of
 * several deletions at once within it ({@link io.ephemeralns.janitor.act.DeletionRunner}).
 */
package io.ephemeralns.janitor.act;
