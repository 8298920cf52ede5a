/**
 * Events about CI namespaces that the admission path decided but, having no side effects, does not record itself:
 * {@link io.ephemeralns.webhook.events.ExtensionEvents} notices a granted extension in the namespace cache and
 * records the {@code Extended} Event, which {@link io.ephemeralns.webhook.events.ExtendedEvent} decides as a pure
 * function of the namespace before and after.
 */
package io.ephemeralns.webhook.events;
