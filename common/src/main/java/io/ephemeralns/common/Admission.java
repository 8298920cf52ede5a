package io.ephemeralns.common;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the admission webhook admitted a namespace as a CI namespace in time for the janitor to act on it:
 * the one rule behind "the janitor never deletes, and stuck repair never touches, a namespace whose CI status the
 * webhook did not admit, nor one that became CI after its deletion started" (the confused deputy: a pipeline that
 * may label namespaces must not be able to make the janitor delete, or strip the finalizers of, one it could not
 * delete or repair itself).
 *
 * <p>A namespace is admitted when it carries {@code ephemeral-ns.io/managed=true} and its
 * {@code ephemeral-ns.io/admitted-at} is not later than its {@code deletionTimestamp}, if any. Both timestamps have
 * whole seconds, so a stamp in the same second as the deletion counts as admitted: the stamp can only have been
 * written first, because the webhook never sees a terminating namespace (its matchConditions skip them) and the
 * admission policy freezes a terminating namespace's product keys and CI labels; refusing it would leave a
 * namespace that a pipeline labelled, saw {@code baseline=applied} on and deleted within one second in Terminating
 * for ever, held by the janitor's own access finalizer. A namespace managed by a version
 * before the stamp existed (managed, no {@code admitted-at}) counts as admitted at its creation. An unreadable stamp
 * is not admitted: the webhook never writes one.
 *
 * <p>With {@code requireAdmission=false} (a janitor installed without the webhook) every namespace counts as
 * admitted: the janitor then trusts the selector's labels, which anyone allowed to label namespaces can set.
 */
public final class Admission {

    /** The verdict, with the tag it is counted under ({@code ephemeral_ns_skipped_namespaces{reason}}). */
    public enum Verdict {
        /** the janitor may act on it. */
        ADMITTED("admitted"),
        /** no {@code managed=true}, or an unreadable {@code admitted-at}: the webhook did not admit it. */
        NOT_ADMITTED("not_admitted"),
        /** admitted only after its deletion had started (labelled CI while terminating). */
        ADMITTED_AFTER_DELETION("admitted_after_deletion");

        private final String tag;

        Verdict(String tag) {
            this.tag = tag;
        }

        /** The metric tag and log word. */
        public String tag() {
            return tag;
        }
    }

    private Admission() {
    }

    /** The verdict for a namespace the janitor found through the selector or the managed label. */
    public static Verdict of(NamespaceView namespace, boolean requireAdmission) {
        if (!requireAdmission) {
            return Verdict.ADMITTED;
        }
        if (!CiScope.isManaged(namespace.labels())) {
            return Verdict.NOT_ADMITTED;
        }
        String stamp = namespace.annotation(ProductKeys.ADMITTED_AT);
        if (stamp == null) {
            return Verdict.ADMITTED; // managed before admitted-at existed: admitted at creation, before any delete
        }
        Optional<Instant> admittedAt = Timestamps.parse(stamp);
        if (admittedAt.isEmpty()) {
            return Verdict.NOT_ADMITTED;
        }
        if (namespace.deleting().isEmpty()) {
            return Verdict.ADMITTED;
        }
        Instant admitted = admittedAt.get();
        boolean beforeDeletion = !admitted.isAfter(namespace.deleting().get());
        boolean atCreation = namespace.created().map(created -> !admitted.isAfter(created)).orElse(false);
        return beforeDeletion || atCreation ? Verdict.ADMITTED : Verdict.ADMITTED_AFTER_DELETION;
    }
}
