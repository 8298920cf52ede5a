/**
 * Namespaces stuck in Terminating, decided purely: why ({@link io.ephemeralns.janitor.stuck.StuckDiagnosis}, from
 * the namespace's conditions, the objects still in it and the APIServices that are down) and what may be done about
 * it ({@link io.ephemeralns.janitor.stuck.RepairPlan}, per {@link io.ephemeralns.janitor.stuck.RepairMode}). No
 * client and no clock: the sweep gathers the objects and carries the plan out through its actions.
 */
package io.ephemeralns.janitor.stuck;
