package io.ephemeralns.janitor.storage;

/**
 * The last scan's {@link StorageReport}, served by {@code GET /namespaces} so that the report never lists volumes on
 * request. Null while leaked storage is off, before the first scan, and on a replica that does not scan.
 */
public class StorageSnapshot {

    private volatile StorageReport latest;

    /** Stores what a scan found; null forgets it. */
    public void set(StorageReport report) {
        latest = report;
    }

    /** The last scan's report, or null. */
    public StorageReport latest() {
        return latest;
    }
}
