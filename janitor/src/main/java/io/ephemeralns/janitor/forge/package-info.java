/**
 * Pure reading of the forges' webhook deliveries (GitHub, GitLab): who signed them, what ended (a pull request, a
 * branch) and which namespace labels name it. No I/O and no clock: the receiver in
 * {@link io.ephemeralns.janitor.teardown} feeds it bytes, headers and {@code now}.
 */
package io.ephemeralns.janitor.forge;
