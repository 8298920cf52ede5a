/**
 * The admission decisions as pure functions: they take the request's data, the settings, what the namespace
 * cache knows and an instant {@code now}, and return a {@link io.ephemeralns.webhook.rules.Verdict}. No client,
 * no clock, no Quarkus: every rule is unit-tested in milliseconds, and the HTTP adapter stays a thin shell.
 */
package io.ephemeralns.webhook.rules;
