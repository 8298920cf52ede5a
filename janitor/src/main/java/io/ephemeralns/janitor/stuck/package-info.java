/**
 * Namespaces stuck in Terminating: why (a pure diagnosis from the namespace's conditions, the objects still
 * in it and the APIServices that are down), and what to do about it (a pure repair plan per mode), applied by
 * a thin shell that honours dry-run and the deletion rate limit.
 */
package io.ephemeralns.janitor.stuck;
