package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Operation.CREATE;
import static io.ephemeralns.webhook.rules.Operation.DELETE;
import static io.ephemeralns.webhook.rules.Operation.UPDATE;
import static io.ephemeralns.webhook.rules.Target.CLUSTER_OBJECT;
import static io.ephemeralns.webhook.rules.Target.NAMESPACE;
import static io.ephemeralns.webhook.rules.Target.NAMESPACED_OBJECT;
import static io.ephemeralns.webhook.rules.Target.NAMESPACE_SUBRESOURCE;
import static io.ephemeralns.webhook.rules.Target.POD;

import io.ephemeralns.common.CiSettings;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The one place that says which rule decides which request: a table from {@link Target} × {@link Operation} to a
 * decoder and a rule. A request is routed once, decoded once into the rule's typed input, and decided; the rules
 * never re-test what the table routed on. A request without an entry (another operation, a cluster-scoped object, a
 * subresource other than the namespace's) is allowed unchanged.
 *
 * <p>The two tables are {@link #mutate} and {@link #validate}; {@code webhook-rules.md} lists what the chart sends to
 * each.
 */
public final class RoutingTable {

    /**
     * How one entry reads a request and decides it.
     *
     * @param <T> the rule's typed input
     */
    private record Route<T>(BiFunction<AdmissionRequest, Operation, Optional<T>> decoder, BiFunction<T, Instant, Verdict> rule) {

        Verdict decide(AdmissionRequest request, Operation operation, Instant now) {
            return decoder.apply(request, operation).map(input -> rule.apply(input, now)).orElseGet(Verdict::allow);
        }
    }

    private record Key(Target target, Operation operation) {
    }

    private final Map<Key, Route<?>> routes;

    private RoutingTable(Map<Key, Route<?>> routes) {
        this.routes = Map.copyOf(routes);
    }

    /**
     * {@code POST /mutate}: Namespace CREATE and UPDATE get the product's keys ({@link NamespaceMutation}); a
     * cluster-scoped object a CI namespace's ServiceAccount creates gets its owner label ({@link OwnerNamespaceStamp}).
     */
    public static RoutingTable mutate(CiSettings settings, Exemptions exemptions, ClusterView cluster) {
        Map<Key, Route<?>> routes = new HashMap<>();
        on(routes, NAMESPACE, List.of(CREATE, UPDATE), Decoder::namespaceChange,
                (change, now) -> NamespaceMutation.decide(change, settings, exemptions, now));
        on(routes, CLUSTER_OBJECT, List.of(CREATE), Decoder::clusterCreation,
                (creation, now) -> OwnerNamespaceStamp.decide(creation, settings, cluster));
        return new RoutingTable(routes);
    }

    /**
     * {@code POST /validate}: the namespace rules ({@link NamespaceValidation}, also through {@code status} and
     * {@code finalize}), strict mode for Pod CREATE ({@link PodBaselineRule}), and the {@link BaselineGuard} for
     * everything else in a namespace: CREATE under a reserved name, UPDATE and DELETE of baseline objects.
     */
    public static RoutingTable validate(Policy policy, ClusterView cluster) {
        BiFunction<NamespaceChange, Instant, Verdict> namespaces = (change, now) -> NamespaceValidation.decide(change, policy,
                cluster, now);
        BiFunction<ObjectChange, Instant, Verdict> guard = (change, now) -> BaselineGuard.change(change, policy, cluster);
        Map<Key, Route<?>> routes = new HashMap<>();
        on(routes, NAMESPACE, List.of(CREATE, UPDATE), Decoder::namespaceChange, namespaces);
        on(routes, NAMESPACE_SUBRESOURCE, List.of(CREATE, UPDATE), Decoder::namespaceChange, namespaces);
        on(routes, POD, List.of(CREATE), Decoder::podCreation, (pod, now) -> PodBaselineRule.decide(pod, policy, cluster));
        on(routes, POD, List.of(UPDATE, DELETE), Decoder::objectChange, guard);
        on(routes, NAMESPACED_OBJECT, List.of(CREATE), Decoder::objectCreation,
                (creation, now) -> BaselineGuard.creation(creation, policy, cluster));
        on(routes, NAMESPACED_OBJECT, List.of(UPDATE, DELETE), Decoder::objectChange, guard);
        return new RoutingTable(routes);
    }

    /** The verdict of the rule in charge at {@code now}; allowed unchanged when none is. */
    public Verdict decide(AdmissionRequest request, Instant now) {
        Optional<Operation> operation = Operation.parse(request.getOperation());
        Optional<Target> target = Target.of(request);
        if (operation.isEmpty() || target.isEmpty()) {
            return Verdict.allow();
        }
        Route<?> route = routes.get(new Key(target.get(), operation.get()));
        return route == null ? Verdict.allow() : route.decide(request, operation.get(), now);
    }

    private static <T> void on(Map<Key, Route<?>> routes, Target target, List<Operation> operations,
            BiFunction<AdmissionRequest, Operation, Optional<T>> decoder, BiFunction<T, Instant, Verdict> rule) {
        Route<T> route = new Route<>(decoder, rule);
        operations.forEach(operation -> routes.put(new Key(target, operation), route));
    }
}
