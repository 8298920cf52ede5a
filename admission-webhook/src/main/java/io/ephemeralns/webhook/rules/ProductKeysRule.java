package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one rule of the product's keys: after a request, a namespace's {@code ephemeral-ns.io/} labels and annotations
 * are exactly what the product computes. The mutating webhook writes this state (resetting what a requester changed,
 * with a warning), the validating webhook refuses a request whose keys still differ (e.g. when mutation was skipped).
 *
 * <p>What the product computes, from a base and the pipeline-owned labels ({@code created-by}, {@code ttl},
 * {@code keep}, ...):
 * <ul>
 *   <li>base: for a non-exempt requester the old object's product keys (none at CREATE), so a pipeline can neither set,
 *       change nor remove one; for an exempt identity (the product's ServiceAccounts writing {@code baseline} and
 *       {@code stuck-reason}, cluster administrators) the keys as requested;</li>
 *   <li>the one product key a pipeline chooses, the label {@code profile}, is taken from the request that admits the
 *       namespace (its creation, or its labelling within the window), and is fixed afterwards;</li>
 *   <li>on a CI namespace that is not terminating: label {@code managed=true}; at admission (CREATE, or the first update
 *       that makes it CI, within {@code ephemeral-ns.label-window} unless exempt) {@code admitted-at} = now, stamped once;
 *       {@code expires-at} and {@code ttl-source} at admission, when the ttl label changes, and when the base has no
 *       readable {@code expires-at} (creation, or now at CREATE, + ttl, or + default-ttl with a warning);
 *       {@code kept-at} = now when {@code keep=true} is set and the base has no {@code kept-at} (stamped once: toggling
 *       {@code keep} never refreshes it);</li>
 *   <li>an extension request ({@code ephemeral-ns.io/extend}) is consumed: granted, it stamps {@code expires-at} and
 *       {@code extended-*}; refused, it stays for the validating webhook to deny ({@link ExtensionRule}). A change of
 *       the ttl label removes the {@code extended-*} stamps: the expiry is creation + ttl again.</li>
 *   <li>the label {@code wake}: a requester may add it with the value {@code true} to a CI namespace the janitor put to
 *       sleep (the old object carries {@code slept-at}), keep it, or remove it; anywhere else, or with another value,
 *       it stays the base's. The janitor removes it when it wakes the namespace. The sleep's own annotations
 *       ({@code slept-at}, {@code sleep-replicas}, {@code woken-at}) are product keys like the others: a pipeline that
 *       could raise the saved replica counts could scale its workloads beyond what it ran.</li>
 * </ul>
 * A namespace that would become CI after its window (non-exempt), and a terminating one, are not admitted: their keys
 * stay the base's. Idempotence under {@code reinvocationPolicy: IfNeeded} and between the two webhooks: an instant
 * stamped with {@code now} keeps the value already in the request when it lies within {@link #REINVOCATION_TOLERANCE}
 * of the recomputed one (it is this webhook's own earlier answer); a value further off is replaced.
 */
public final class ProductKeysRule {

    /** How far a stamped instant may be from the recomputed one and still count as our own earlier stamp. */
    public static final Duration REINVOCATION_TOLERANCE = Duration.ofSeconds(60);

    /** What an extension stamps besides {@code expires-at}; removed when the ttl label changes. */
    private static final List<String> EXTENSION_STAMPS =
            List.of(ProductKeys.EXTENDED_AT, ProductKeys.EXTENDED_BY, ProductKeys.EXTENDED_FOR);

    /**
     * The product keys a namespace must carry after the request.
     *
     * @param labels      every {@code ephemeral-ns.io/} label, by key
     * @param annotations every {@code ephemeral-ns.io/} annotation, by key
     * @param warnings    what to tell the client (a defaulted ttl)
     */
    public record Wanted(Map<String, String> labels, Map<String, String> annotations, List<String> warnings) {
        public Wanted {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A product key a requester set, changed or removed to a value the product does not compute.
     *
     * @param field     {@code label} or {@code annotation}
     * @param key       the key
     * @param before    the old object's value, null when absent (always at CREATE)
     * @param requested the request's value, null when removed
     * @param product   what the product computes, null for absent
     */
    public record KeyChange(String field, String key, String before, String requested, String product) {

        /** One line: what the request did to the key and what the product keeps. */
        public String describe() {
            String what = before == null ? field + " " + key + "=" + quoted(requested) + " was added"
                    : requested == null ? field + " " + key + " was removed (it was " + quoted(before) + ")"
                    : field + " " + key + " was changed from " + quoted(before) + " to " + quoted(requested);
            return what + (product == null ? " (ephemeral-ns keeps it absent)" : " (ephemeral-ns keeps " + quoted(product) + ")");
        }

        private static String quoted(String value) {
            return "\"" + value + "\"";
        }
    }

    private ProductKeysRule() {
    }

    /**
     * The product keys after a request.
     *
     * @param create true at CREATE (no old object, no creation time yet)
     * @param old    the namespace before an UPDATE, null at CREATE
     * @param object the namespace as requested (after earlier mutations)
     * @param requester who sent it (an extension records the username)
     * @param exempt whether the requester is exempt (see {@link Exemptions})
     */
    public static Wanted compute(boolean create, NamespaceView old, NamespaceView object, Requester requester, boolean exempt,
            CiSettings settings, Instant now) {
        Map<String, String> labels = productEntries(exempt ? object.labels() : old == null ? Map.of() : old.labels());
        Map<String, String> annotations = productEntries(exempt ? object.annotations() : old == null ? Map.of() : old.annotations());
        List<String> warnings = new ArrayList<>();
        ExtensionRule.Outcome extension = ExtensionRule.decide(create, old, object, requester.user(), settings, now);
        annotations.remove(ProductKeys.EXTEND);
        if (extension.kind() == ExtensionRule.Kind.REFUSED) {
            annotations.put(ProductKeys.EXTEND, extension.request()); // left for the validating webhook to refuse
        }

        Map<String, String> scope = new TreeMap<>(object.labels());
        scope.keySet().removeIf(ProductKeys::isProductKey);
        scope.putAll(labels);
        boolean ci = !object.isTerminating() && CiScope.isCiNamespace(settings, object.name(), scope);
        boolean admits = ci && (old == null || !CiScope.isManaged(old.labels()));
        if (!ci || (admits && !exempt && LabelWindow.isOver(old, settings, now))) {
            return new Wanted(labels, annotations, warnings);
        }
        if (admits && !exempt) {
            put(labels, ProductKeys.PROFILE, object.label(ProductKeys.PROFILE));
        }
        labels.put(ProductKeys.MANAGED, "true");
        if (!exempt) {
            put(labels, ProductKeys.WAKE, wake(old, object));
        }
        if (admits) {
            annotations.put(ProductKeys.ADMITTED_AT, stamp(object.annotation(ProductKeys.ADMITTED_AT), now));
        }
        String ttlText = object.label(settings.ttlLabel());
        boolean ttlChanged = old != null && !Objects.equals(ttlText, old.label(settings.ttlLabel()));
        boolean stampMissing = Timestamps.parse(annotations.get(ProductKeys.EXPIRES_AT)).isEmpty();
        if (admits || ttlChanged || stampMissing) {
            stampExpiry(create, object, settings, now, ttlText, annotations, warnings);
        }
        if (ttlChanged) {
            EXTENSION_STAMPS.forEach(annotations::remove); // a new ttl restamps from creation: the latest request wins
        }
        applyExtension(extension, old, object, requester, settings, now, annotations, warnings);
        if ("true".equals(object.label(settings.keepLabel())) && Timestamps.parse(annotations.get(ProductKeys.KEPT_AT)).isEmpty()) {
            annotations.put(ProductKeys.KEPT_AT, stamp(object.annotation(ProductKeys.KEPT_AT), now));
        }
        return new Wanted(labels, annotations, warnings);
    }

    /**
     * The product keys the request set, changed or removed (compared with the old object, or with nothing at CREATE)
     * to something other than what the product computes. Empty when the request left them to the product.
     */
    public static List<KeyChange> overrides(NamespaceView old, NamespaceView object, Wanted wanted) {
        List<KeyChange> found = new ArrayList<>();
        collect("label", old == null ? Map.of() : old.labels(), object.labels(), wanted.labels(), found);
        collect("annotation", old == null ? Map.of() : old.annotations(), object.annotations(), wanted.annotations(), found);
        return found;
    }

    /** What to do instead, for a message about these changes. */
    public static String advice(List<KeyChange> changes) {
        String advice = "every " + ProductKeys.PREFIX + " label and annotation of a namespace is written by ephemeral-ns only,"
                + " leave them out of your requests";
        if (changes.stream().anyMatch(change -> change.key().equals(ProductKeys.WAKE))) {
            advice += " (the label " + ProductKeys.WAKE + "=true is accepted only on a CI namespace the janitor put to sleep,"
                    + " annotation " + ProductKeys.SLEPT_AT + ")";
        }
        if (changes.stream().anyMatch(change -> change.key().equals(ProductKeys.PROFILE))) {
            advice += " (the label " + ProductKeys.PROFILE + " is chosen only in the request that makes the namespace a CI"
                    + " namespace: kubectl create, or the kubectl label that adds the CI labels)";
        }
        return advice;
    }

    /** The entries under {@code ephemeral-ns.io/}, sorted by key. */
    public static Map<String, String> productEntries(Map<String, String> map) {
        Map<String, String> entries = new TreeMap<>();
        map.forEach((key, value) -> {
            if (ProductKeys.isProductKey(key)) {
                entries.put(key, value);
            }
        });
        return entries;
    }

    private static void collect(String field, Map<String, String> before, Map<String, String> requested,
            Map<String, String> product, List<KeyChange> found) {
        TreeSet<String> keys = new TreeSet<>(productEntries(before).keySet());
        keys.addAll(productEntries(requested).keySet());
        for (String key : keys) {
            String was = before.get(key);
            String now = requested.get(key);
            if (!Objects.equals(was, now) && !Objects.equals(now, product.get(key))) {
                found.add(new KeyChange(field, key, was, now, product.get(key)));
            }
        }
    }

    private static void stampExpiry(boolean create, NamespaceView object, CiSettings settings, Instant now,
            String ttlText, Map<String, String> annotations, List<String> warnings) {
        Optional<Duration> ttl = Ttl.tryParse(ttlText);
        String source = ProductKeys.TTL_SOURCE_LABEL;
        if (ttlText == null && settings.defaultTtl().isPresent()) {
            ttl = settings.defaultTtl();
            source = ProductKeys.TTL_SOURCE_DEFAULT;
        }
        if (ttl.isEmpty()) {
            return; // no lifetime to stamp: the validating rule refuses the request
        }
        Instant base = create ? now : object.created().orElse(now);
        Instant expires = base.plus(ttl.get());
        String current = object.annotation(ProductKeys.EXPIRES_AT);
        boolean ours = create ? isOurs(current, expires) : Timestamps.format(expires).equals(current);
        annotations.put(ProductKeys.EXPIRES_AT, ours ? current : Timestamps.format(expires));
        annotations.put(ProductKeys.TTL_SOURCE, source);
        if (ProductKeys.TTL_SOURCE_DEFAULT.equals(source)) {
            String name = object.name() == null || object.name().isEmpty() ? "<namespace>" : object.name();
            warnings.add("namespace " + name + " has no " + settings.ttlLabel() + " label: it expires at "
                    + Timestamps.format(expires) + " (default-ttl " + Ttl.format(ttl.get()) + "); set its lifetime with"
                    + " kubectl label namespace " + name + " " + settings.ttlLabel() + "=24h");
        }
    }

    /** The value in the request when it is our own earlier stamp of {@code now}, else {@code now}. */
    private static String stamp(String requested, Instant now) {
        return isOurs(requested, now) ? requested : Timestamps.format(now);
    }

    private static boolean isOurs(String stamped, Instant expected) {
        return Timestamps.parse(stamped)
                .map(at -> Duration.between(at, expected).abs().compareTo(REINVOCATION_TOLERANCE) <= 0)
                .orElse(false);
    }

    /**
     * A granted or consumed request of this request ({@link ExtensionRule#decide}), or the stamps of one granted
     * earlier in it ({@link ExtensionRule#replay}).
     */
    private static void applyExtension(ExtensionRule.Outcome extension, NamespaceView old, NamespaceView object,
            Requester requester, CiSettings settings, Instant now, Map<String, String> annotations, List<String> warnings) {
        extension.message().filter(message -> extension.kind() != ExtensionRule.Kind.REFUSED).ifPresent(warnings::add);
        if (extension.kind() == ExtensionRule.Kind.GRANTED) {
            annotations.putAll(extension.stamps());
        } else if (extension.kind() == ExtensionRule.Kind.NONE) {
            ExtensionRule.replay(old, object, requester.user(), settings, now).ifPresent(annotations::putAll);
        }
    }

    /** The wake label a requester may leave on the namespace: {@code true} on a sleeping one, else none. */
    private static String wake(NamespaceView old, NamespaceView object) {
        boolean asked = "true".equals(object.label(ProductKeys.WAKE));
        boolean sleeping = old != null && (old.annotation(ProductKeys.SLEPT_AT) != null
                || "true".equals(old.label(ProductKeys.WAKE)));
        return asked && sleeping ? "true" : null;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
