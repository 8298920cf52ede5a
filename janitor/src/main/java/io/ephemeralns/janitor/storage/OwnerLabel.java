package io.ephemeralns.janitor.storage;

/**
 * The owner label and UID annotation to write on a volume bound to a claim in a live CI namespace; the write carries
 * the volume's UID and resourceVersion, so that a volume changed since the scan read it is left for the next scan.
 *
 * @param volume          the volume's name
 * @param uid             its UID as read
 * @param resourceVersion its resourceVersion as read
 * @param namespace       the CI namespace of its claim
 * @param namespaceUid    that namespace's UID
 */
public record OwnerLabel(String volume, String uid, String resourceVersion, String namespace, String namespaceUid) {
}
