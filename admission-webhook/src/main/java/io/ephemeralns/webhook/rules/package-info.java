/**
 * The admission decisions as pure functions: they take a typed request ({@link io.ephemeralns.webhook.rules.NamespaceChange},
 * {@link io.ephemeralns.webhook.rules.ObjectChange}, {@link io.ephemeralns.webhook.rules.PodCreation}), the settings,
 * what the namespace cache knows and an instant {@code now}, and return a {@link io.ephemeralns.webhook.rules.Verdict}.
 * {@link io.ephemeralns.webhook.rules.RoutingTable} routes each request once (kind × operation) and
 * {@link io.ephemeralns.webhook.rules.Decoder} reads it once; validation is a list of named
 * {@link io.ephemeralns.webhook.rules.Check}s that are all evaluated. No client, no clock, no Quarkus: every rule is
 * unit-tested in milliseconds, and the HTTP adapter stays a thin shell.
 */
package io.ephemeralns.webhook.rules;
