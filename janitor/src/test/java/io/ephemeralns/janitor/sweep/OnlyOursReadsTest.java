package io.ephemeralns.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnlyOursReadsTest {

    private static final Instant DELETING = Instant.parse("2026-11-30T12:00:00Z");

    /** The namespaces as the API server holds them, by name, and every GET made. */
    private final Map<String, Namespace> server = new HashMap<>();
    private final List<String> gets = new ArrayList<>();
    private final OnlyOursReads reads = new OnlyOursReads(name -> {
        gets.add(name);
        return server.get(name);
    });

    /** A terminating namespace where only the janitor's RoleBinding and its finalizer remain. */
    private static Namespace onlyOurs(String name, String uid, String resourceVersion) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withUid(uid).withResourceVersion(resourceVersion)
                .withDeletionTimestamp(DELETING.toString()).endMetadata()
                .withNewStatus().withPhase("Terminating")
                .addNewCondition().withType("NamespaceContentRemaining").withStatus("True").withReason("SomeResourcesRemain")
                .withMessage("rolebindings.rbac.authorization.k8s.io has 1 resource instances").endCondition()
                .addNewCondition().withType("NamespaceFinalizersRemaining").withStatus("True")
                .withReason("SomeFinalizersRemain").withMessage("ephemeral-ns.io/janitor-access in 1 resource instances")
                .endCondition()
                .endStatus().build();
    }

    private static NamespaceView listed(String name, String uid, String resourceVersion) {
        return new NamespaceView(name, uid, Optional.of(DELETING.minusSeconds(60)), Optional.of(DELETING), Map.of(),
                Map.of(), resourceVersion);
    }

    @Test
    void aNamespaceUnchangedSinceItWasReadIsAnsweredWithoutARequest() {
        server.put("ci-a", onlyOurs("ci-a", "uid-a", "7"));
        reads.onlyOursRemains(listed("ci-a", "uid-a", "7"));

        OnlyOursReads.Read again = reads.onlyOursRemains(listed("ci-a", "uid-a", "7"));

        assertThat(again).isEqualTo(new OnlyOursReads.Read(true, false));
        assertThat(gets).containsExactly("ci-a");
    }

    @Test
    void aNamespaceWhoseResourceVersionMovedIsReadAgain() {
        server.put("ci-a", onlyOurs("ci-a", "uid-a", "7"));
        reads.onlyOursRemains(listed("ci-a", "uid-a", "7"));
        server.put("ci-a", onlyOurs("ci-a", "uid-a", "8"));

        OnlyOursReads.Read again = reads.onlyOursRemains(listed("ci-a", "uid-a", "8"));

        assertThat(again.requested()).isTrue();
        assertThat(gets).containsExactly("ci-a", "ci-a");
    }

    @Test
    void aNamespaceListedWithoutAResourceVersionIsReadEveryTime() {
        server.put("ci-a", onlyOurs("ci-a", "uid-a", "7"));
        reads.onlyOursRemains(listed("ci-a", "uid-a", null));

        reads.onlyOursRemains(listed("ci-a", "uid-a", null));

        assertThat(gets).hasSize(2);
    }

    @Test
    void aNameNowHeldByAnotherNamespaceIsNotRememberedForTheListedOne() {
        server.put("ci-a", onlyOurs("ci-a", "uid-new", "7"));
        reads.onlyOursRemains(listed("ci-a", "uid-old", "7"));

        reads.onlyOursRemains(listed("ci-a", "uid-old", "7"));

        assertThat(gets).hasSize(2);
    }

    @Test
    void aNamespaceGoneWhenReadIsNotOnlyOurs() {
        OnlyOursReads.Read read = reads.onlyOursRemains(listed("ci-gone", "uid-g", "7"));

        assertThat(read).isEqualTo(new OnlyOursReads.Read(false, true));
    }

    @Test
    void aNamespaceNoLongerTerminatingIsForgottenAndReadAgainShouldItTerminateAgain() {
        server.put("ci-a", onlyOurs("ci-a", "uid-a", "7"));
        reads.onlyOursRemains(listed("ci-a", "uid-a", "7"));
        reads.retainOnly(Set.of());

        reads.onlyOursRemains(listed("ci-a", "uid-a", "7"));

        assertThat(gets).hasSize(2);
    }
}
