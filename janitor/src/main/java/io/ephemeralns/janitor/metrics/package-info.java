/** The janitor's metrics, named by the contract ({@code ephemeral_ns_*}). */
package io.ephemeralns.janitor.metrics;
