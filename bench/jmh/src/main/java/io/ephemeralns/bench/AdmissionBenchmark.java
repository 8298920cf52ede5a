package io.ephemeralns.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.admission.Responses;
import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Exemptions;
import io.ephemeralns.webhook.rules.Policy;
import io.ephemeralns.webhook.rules.RoutingTable;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-request CPU cost of the webhook without HTTP and TLS: {@code full*} = what AdmissionResource does for one
 * request (decode the AdmissionReview JSON with Jackson, decide, build the response, encode it);
 * {@code rule*} = the pure decision only, on an already decoded request. Bodies: bench/requests/*.json.
 * The cluster view knows the Pod's namespace as a CI namespace with its baseline applied (the common case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Param("../requests")
    public String requests;

    private byte[] namespaceBody;
    private byte[] podBody;
    private AdmissionRequest namespaceRequest;
    private AdmissionRequest podRequest;
    private RoutingTable mutate;
    private RoutingTable validate;
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    @Setup
    public void setup() throws IOException {
        namespaceBody = Files.readAllBytes(Path.of(requests, "namespace-create.json"));
        podBody = Files.readAllBytes(Path.of(requests, "pod-create.json"));
        namespaceRequest = MAPPER.readValue(namespaceBody, AdmissionReview.class).getRequest();
        podRequest = MAPPER.readValue(podBody, AdmissionReview.class).getRequest();
        CiSettings settings = CiSettings.defaults("ephemeral-ns");
        Policy policy = new Policy(settings, new Exemptions(Set.of(), Set.of("system:masters")), 0, true, Set.of("default"));
        NamespaceView benchPods = new NamespaceView("bench-pods", "uid-1", Optional.of(now.minusSeconds(60)), Optional.empty(),
                Map.of("created-by", "ci-cd", "ttl", "24h", "ephemeral-ns.io/managed", "true"),
                Map.of("ephemeral-ns.io/baseline", "applied", "ephemeral-ns.io/expires-at", "2026-11-27T11:59:00Z"));
        mutate = RoutingTable.mutate(settings, policy.exemptions());
        validate = RoutingTable.validate(policy, new OneCiNamespace(benchPods));
    }

    /** A synced cache that knows one CI namespace, among 100 active ones. */
    private record OneCiNamespace(NamespaceView known) implements ClusterView {

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public Optional<NamespaceView> namespace(String name) {
            return Optional.of(known).filter(namespace -> namespace.name().equals(name));
        }

        @Override
        public int activeCiNamespaces() {
            return 100;
        }
    }

    private static String respond(AdmissionRequest request, AdmissionResponse response) throws IOException {
        response.setUid(request.getUid());
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setResponse(response);
        return MAPPER.writeValueAsString(review);
    }

    @Benchmark
    public String fullMutateNamespace() throws IOException {
        AdmissionRequest request = MAPPER.readValue(namespaceBody, AdmissionReview.class).getRequest();
        return respond(request, Responses.of(mutate.decide(request, now)));
    }

    @Benchmark
    public String fullValidateNamespace() throws IOException {
        AdmissionRequest request = MAPPER.readValue(namespaceBody, AdmissionReview.class).getRequest();
        return respond(request, Responses.of(validate.decide(request, now)));
    }

    @Benchmark
    public String fullValidatePod() throws IOException {
        AdmissionRequest request = MAPPER.readValue(podBody, AdmissionReview.class).getRequest();
        return respond(request, Responses.of(validate.decide(request, now)));
    }

    @Benchmark
    public Object ruleMutateNamespace() {
        return mutate.decide(namespaceRequest, now);
    }

    @Benchmark
    public Object ruleValidateNamespace() {
        return validate.decide(namespaceRequest, now);
    }

    @Benchmark
    public Object ruleValidatePod() {
        return validate.decide(podRequest, now);
    }
}
