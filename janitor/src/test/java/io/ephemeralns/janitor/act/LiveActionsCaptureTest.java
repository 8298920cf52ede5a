package io.ephemeralns.janitor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.capture.Capture;
import io.ephemeralns.janitor.capture.CaptureResult;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.RepairRequests;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The capture's place in the one deletion path: before the deleter's first request, named by the Deleted Event. */
class LiveActionsCaptureTest {

    private static final CiSettings SETTINGS = CiSettings.defaults("ephemeral-ns");
    private static final CaptureResult ARCHIVED = new CaptureResult(CaptureResult.Outcome.CAPTURED, "ci-1-uid1-20261130T120000Z",
            "/captures/ci-1-uid1-20261130T120000Z", null);

    private final List<String> calls = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Deque<DeletionOutcome> outcomes = new ArrayDeque<>();
    private final Namespace expired = expiredKeptNamespace();
    /** What a read after the capture finds, when not the same expired namespace. */
    private Namespace readsAfterCapture;

    private static Namespace expiredKeptNamespace() {
        Instant created = Instant.now().minus(Duration.ofDays(3));
        return new NamespaceBuilder().withNewMetadata().withName("ci-1").withUid("uid1")
                .withCreationTimestamp(Timestamps.format(created))
                .addToLabels("created-by", "ci-cd").addToLabels("ttl", "1h").addToLabels("keep", "true")
                .addToLabels(ProductKeys.MANAGED, "true")
                .addToAnnotations(ProductKeys.ADMITTED_AT, Timestamps.format(created))
                .addToAnnotations(ProductKeys.KEPT_AT, Timestamps.format(created))
                .endMetadata().build();
    }

    private Deletion deletion() {
        return new Deletion(NamespaceStatus.classify(NamespaceView.of(expired), SETTINGS, Duration.ofMinutes(15), Instant.now()),
                "keep_expired");
    }

    private LiveActions actions(boolean leader) {
        NamespaceLister lister = new NamespaceLister(null, null, 500) {
            @Override
            public Namespace read(String name) {
                calls.add("read");
                return readsAfterCapture != null && calls.contains("capture uid1") ? readsAfterCapture : expired;
            }
        };
        NamespaceDeleter deleter = new NamespaceDeleter(null, Duration.ofMinutes(2)) {
            @Override
            public DeletionOutcome delete(Deletion deletion, Instant now) {
                calls.add("delete");
                return outcomes.isEmpty() ? DeletionOutcome.DELETED : outcomes.pop();
            }
        };
        NamespaceEvents recorder = new NamespaceEvents(null) {
            @Override
            public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
                events.add(reason + ": " + message);
                return true;
            }
        };
        Capture capture = new Capture() {
            @Override
            public CaptureResult before(Namespace namespace, Instant now) {
                calls.add("capture " + namespace.getMetadata().getUid());
                return ARCHIVED;
            }

            @Override
            public void forget(String uid) {
                calls.add("forget " + uid);
            }

            @Override
            public void forgetAllBut(Set<String> plannedUids) {
                calls.add("forgetAllBut " + plannedUids);
            }
        };
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        ActionGate gate = new ActionGate(() -> leader, metrics);
        gate.clock(ClockSkew.Verdict.TRUSTED);
        return new LiveActions(lister, deleter, new RepairRequests(null), recorder,
                new SweepPlanner(SETTINGS, new SweepPolicy(Duration.ofMinutes(15), 50)), gate,
                TokenBucket.perSecond(1000), metrics, Clock.systemUTC(), Duration.ofMinutes(15), capture);
    }

    @Test
    void theCaptureRunsOnTheFreshReadBeforeTheDeletersFirstRequest() throws InterruptedException {
        assertThat(actions(true).delete(deletion())).isEqualTo(DeletionOutcome.DELETED);
        assertThat(calls).containsExactly("read", "capture uid1", "read", "delete", "forget uid1");
    }

    @Test
    void theDeletedEventNamesTheArchive() throws InterruptedException {
        actions(true).delete(deletion());
        assertThat(events).singleElement().asString().startsWith("Deleted: deleted namespace ci-1")
                .endsWith("; captured to archive ci-1-uid1-20261130T120000Z (/captures/ci-1-uid1-20261130T120000Z)");
    }

    @Test
    void aDrainingNamespaceKeepsItsCaptureForItsLaterDeletion() throws InterruptedException {
        outcomes.push(DeletionOutcome.DRAINING);
        actions(true).delete(deletion());
        assertThat(calls).containsExactly("read", "capture uid1", "read", "delete");
        assertThat(events).isEmpty();
    }

    @Test
    void aNamespaceNoLongerDueWhenReadAgainAfterItsCaptureIsLeftAlone() throws InterruptedException {
        LiveActions actions = actions(true);
        Deletion deletion = deletion();
        readsAfterCapture = new NamespaceBuilder(expired).editMetadata().addToLabels("ttl", "24h")
                .addToAnnotations(ProductKeys.KEPT_AT, Timestamps.format(Instant.now())).endMetadata().build();
        assertThat(actions.delete(deletion)).isEqualTo(DeletionOutcome.NO_LONGER_DUE);
        assertThat(calls).containsExactly("read", "capture uid1", "read", "forget uid1");
    }

    @Test
    void withoutLeadershipNothingIsCaptured() {
        assertThatThrownBy(() -> actions(false).delete(deletion())).isInstanceOf(LeadershipLost.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void forgettingPlansForgetsCaptures() {
        actions(true).forgetAllBut(Set.of("uid1"));
        assertThat(calls).containsExactly("forgetAllBut [uid1]");
    }
}
