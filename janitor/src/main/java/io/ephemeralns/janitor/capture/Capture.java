package io.ephemeralns.janitor.capture;

import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.Set;

/**
 * The capture before a deletion, as the deletion path sees it ({@link io.ephemeralns.janitor.act.LiveActions#delete},
 * the one place every deletion goes through, sweep and watch alike): asked right before the first request that
 * deletes anything of a namespace still due, with the namespace as read again. It returns within
 * {@code janitor.capture.timeout} whatever happens, and never throws: a capture never stops a deletion.
 */
public interface Capture {

    /**
     * Captures the namespace when it is to be captured and was not yet (a namespace whose pods drain across sweeps
     * is captured once, before its workloads are deleted): the result names the archive.
     */
    CaptureResult before(Namespace namespace, Instant now) throws InterruptedException;

    /** Forgets the capture of a namespace once its deletion is accepted, or it is gone or no longer due. */
    void forget(String uid);

    /** Forgets the captures of namespaces no longer planned for deletion. */
    void forgetAllBut(Set<String> plannedUids);

    /** {@code janitor.capture.enabled=false}: nothing is captured. */
    static Capture off() {
        return new Capture() {
            @Override
            public CaptureResult before(Namespace namespace, Instant now) {
                return CaptureResult.NONE;
            }

            @Override
            public void forget(String uid) {
            }

            @Override
            public void forgetAllBut(Set<String> plannedUids) {
            }
        };
    }
}
