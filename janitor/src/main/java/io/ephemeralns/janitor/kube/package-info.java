/**
 * The janitor's Kubernetes access, one request or one paged listing at a time and no decision: namespaces listed
 * and watched (metadata only) and read again, deleted after their workloads and pods, Events, the API server's time, discovery and the
 * metadata-only listing of what remains in a stuck namespace, and the requests of stuck repair.
 */
package io.ephemeralns.janitor.kube;
