/**
 * The janitor's pure decisions: from the namespaces a sweep listed to what it should delete, release and repair
 * ({@link io.ephemeralns.janitor.plan.SweepPlanner}), whether its clock may be trusted
 * ({@link io.ephemeralns.janitor.plan.ClockSkew}) and when to refuse an action
 * ({@link io.ephemeralns.janitor.plan.Refusal}). No client and no clock: everything takes an {@code Instant now}.
 */
package io.ephemeralns.janitor.plan;
