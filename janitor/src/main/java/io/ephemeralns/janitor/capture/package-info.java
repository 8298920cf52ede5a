/**
 * Capture of a failed run before its namespace goes ({@code janitor.capture.*}, issue 14): for a kept namespace
 * ({@code keep=true}) and one whose pipeline asked by the label {@code capture=true}, the pods' logs (previous
 * containers' too), the namespace's Events and its objects as YAML (Secrets as metadata only, their data never read)
 * are written to an {@link io.ephemeralns.janitor.capture.ArchiveStore} before the janitor deletes it.
 *
 * <p>Pure decisions: {@link io.ephemeralns.janitor.capture.CaptureScope} (which namespaces),
 * {@link io.ephemeralns.janitor.capture.CapturedKinds} (what), {@link io.ephemeralns.janitor.capture.Redaction},
 * {@link io.ephemeralns.janitor.capture.SizeBudget} (the per-namespace cap), {@link io.ephemeralns.janitor.capture.ArchiveName}
 * and {@link io.ephemeralns.janitor.capture.Retention}. Shells: {@link io.ephemeralns.janitor.capture.NamespaceCapture}
 * reads the cluster and writes one archive; {@link io.ephemeralns.janitor.capture.BoundedCapture} bounds it by a timeout,
 * once per namespace UID, counts it and records its failure; {@link io.ephemeralns.janitor.capture.DirectoryStore} is the
 * one store (an object store would be another {@link io.ephemeralns.janitor.capture.ArchiveStore}).
 */
package io.ephemeralns.janitor.capture;
