/** {@code GET /namespaces}: each CI namespace as the last sweep classified it, and the snapshot that serves it. */
package io.ephemeralns.janitor.report;
