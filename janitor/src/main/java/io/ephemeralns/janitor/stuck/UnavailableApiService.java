package io.ephemeralns.janitor.stuck;

/**
 * An APIService whose {@code Available} condition is not {@code True}: the namespace controller cannot list
 * that group's kinds, so it cannot tell whether the namespace is empty and stops.
 */
public record UnavailableApiService(String name, String message) {
}
