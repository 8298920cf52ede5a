package io.ephemeralns.webhook.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * Which copies the namespace's {@code default} ServiceAccount still lacks in its {@code imagePullSecrets}. The
 * ServiceAccount admission plugin adds those to every Pod that runs as it and names none itself, which is how a
 * pipeline's Pods pull with the copies without naming them. A merge: entries a pipeline added are kept, the copies
 * are appended when missing, nothing is ever removed. Pure.
 */
public final class ServiceAccountPullSecrets {

    /** The ServiceAccount the copies are attached to. */
    public static final String SERVICE_ACCOUNT = "default";

    private ServiceAccountPullSecrets() {
    }

    /**
     * The names to append, in the profile's order; empty when the ServiceAccount names every copy already.
     *
     * @param attached the names in the ServiceAccount's imagePullSecrets now
     * @param copies   the copies' names
     */
    public static List<String> missing(List<String> attached, List<String> copies) {
        List<String> result = new ArrayList<>();
        for (String copy : copies) {
            if (!attached.contains(copy) && !result.contains(copy)) {
                result.add(copy);
            }
        }
        return result;
    }
}
