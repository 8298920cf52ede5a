/**
 * Sleep of kept namespaces ({@code janitor.sleep.*}, off by default): a kept CI namespace whose Deployments and
 * StatefulSets have not changed for {@code janitor.sleep.after} is scaled to zero, its replica counts saved, and woken
 * by the label {@code ephemeral-ns.io/wake=true}. {@link io.ephemeralns.janitor.sleep.SleepDecision} decides (pure),
 * {@link io.ephemeralns.janitor.sleep.SleepCheck} gathers and acts, every {@code janitor.sleep.interval}.
 */
package io.ephemeralns.janitor.sleep;
