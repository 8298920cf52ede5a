package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.kube.NamespaceWatch.NamespaceEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Watch events as the API server sends them, metadata only, read into what the cache keeps. */
class NamespaceEventTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static NamespaceEvent parse(String json) {
        return NamespaceEvent.parse(JSON.unmarshal(json, Map.class));
    }

    @Test
    void readsAModifiedNamespaceKeepingOnlyWhatTheDecisionsNeed() {
        NamespaceEvent event = parse("""
                {"type":"MODIFIED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"name":"ci-1","uid":"u-1","resourceVersion":"42",
                  "creationTimestamp":"2026-11-26T10:00:00Z","deletionTimestamp":"2026-11-26T11:00:00Z",
                  "labels":{"ttl":"1h"},"annotations":{"ephemeral-ns.io/kept-at":"2026-11-26T10:30:00Z"},
                  "managedFields":[{"manager":"kubectl","operation":"Update"}]}}}""");

        assertThat(event.type()).isEqualTo(NamespaceEvent.Type.MODIFIED);
        assertThat(event.resourceVersion()).isEqualTo("42");
        assertThat(event.namespace().name()).isEqualTo("ci-1");
        assertThat(event.namespace().uid()).isEqualTo("u-1");
        assertThat(event.namespace().created()).contains(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(event.namespace().deleting()).contains(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(event.namespace().labels()).containsExactly(Map.entry("ttl", "1h"));
        assertThat(event.namespace().annotations()).containsOnlyKeys("ephemeral-ns.io/kept-at");
    }

    @Test
    void aBookmarkCarriesOnlyTheResourceVersion() {
        NamespaceEvent event = parse("""
                {"type":"BOOKMARK","object":{"kind":"PartialObjectMetadata","metadata":{"resourceVersion":"77"}}}""");

        assertThat(event.type()).isEqualTo(NamespaceEvent.Type.BOOKMARK);
        assertThat(event.resourceVersion()).isEqualTo("77");
        assertThat(event.namespace()).isNull();
    }

    @Test
    void anExpiredResourceVersionIsAnErrorWithCode410() {
        NamespaceEvent event = parse("""
                {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure",
                 "message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""");

        assertThat(event.type()).isEqualTo(NamespaceEvent.Type.ERROR);
        assertThat(event.code()).isEqualTo(410);
        assertThat(event.message()).contains("too old");
    }
}
