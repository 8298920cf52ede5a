package io.ephemeralns.webhook.baseline;

import java.util.Map;

/**
 * What the reconciler does to make one live object equal its profile's desired object. Pure; decided from the
 * desired object and the live one (null when there is none) by {@link #decide}.
 */
public enum RepairAction {
    /** The live object equals the desired one: no API call. */
    NONE,
    /** There is no live object: create the desired one. */
    CREATE,
    /** The live object differs: replace it by an update with the desired body and the live resourceVersion. */
    UPDATE,
    /**
     * A field an update cannot change differs (a RoleBinding's roleRef, a quota's scopes): delete the live object,
     * then create.
     */
    RECREATE,
    /**
     * The live object is being deleted (it has a deletionTimestamp and finalizers hold it): remove its finalizers
     * so that it goes, and create the desired object once it is gone. An update cannot undo a deletion.
     */
    RELEASE;

    /** The action for one desired object and its live counterpart. */
    public static RepairAction decide(Map<String, Object> desired, Map<String, Object> live) {
        if (live == null) {
            return CREATE;
        }
        Object metadata = live.get("metadata");
        if (metadata instanceof Map<?, ?> meta && meta.get("deletionTimestamp") != null) {
            return RELEASE;
        }
        if (BaselineComparison.equal(desired, live)) {
            return NONE;
        }
        return BaselineComparison.needsRecreate(desired, live) ? RECREATE : UPDATE;
    }
}
