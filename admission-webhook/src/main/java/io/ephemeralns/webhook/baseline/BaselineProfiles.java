package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.config.JanitorAccess;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The baseline profiles: named lists of Kubernetes manifests applied to every CI namespace.
 *
 * <p>File format (one YAML document):
 * <pre>
 * profiles:
 *   default:                 # chosen by the namespace label ephemeral-ns.io/profile, default "default"
 *     - apiVersion: v1
 *       kind: ResourceQuota
 *       metadata:
 *         name: ephemeral-ns-quota         # must start with ephemeral-ns-
 *       spec: ...
 * </pre>
 * Placeholders, replaced anywhere (quoted or not; every value is a DNS name and cannot break the YAML):
 * <ul>
 *   <li>{@value #PLACEHOLDER}: the namespace's name;</li>
 *   <li>{@value #PRODUCT_NAMESPACE}: the product's namespace ({@code ephemeral-ns.own-namespace});</li>
 *   <li>{@value #JANITOR_SERVICE_ACCOUNT}: the janitor's ServiceAccount ({@code webhook.janitor-service-account});</li>
 *   <li>{@value #JANITOR_CLUSTER_ROLE}: the ClusterRole granting the janitor access inside CI namespaces
 *       ({@code webhook.janitor-cluster-role}).</li>
 * </ul>
 * Rules, checked at start-up so that a bad file stops the program instead of half-applying: a profile
 * {@code default} exists; profile names are label values; every manifest has apiVersion, kind and a name that
 * starts with {@code ephemeral-ns-} (the contract: never a name a pipeline applies itself); no manifest is a
 * Namespace or names another namespace.
 *
 * <p>A second top-level key, {@code imagePullSecrets}, names per profile the Secrets copied into its namespaces
 * ({@link ImagePullSecrets}); their copies' names are reserved too.
 *
 * <p>The janitor's access ({@link JanitorAccess}): a RoleBinding whose roleRef names the janitor's ClusterRole is
 * left out of every plan with {@code off}, and the finalizer {@value JanitorAccess#FINALIZER_NAME} is removed from
 * every object unless the access is {@code finalizer}.
 *
 * <p>Every object of a plan gets {@code metadata.namespace} and the labels {@code ephemeral-ns.io/baseline=true}
 * and {@code app.kubernetes.io/managed-by=ephemeral-ns}. The file is parsed once; a plan is a copy with the
 * namespace filled in. Pure: parsing and planning take text and data only.
 */
public final class BaselineProfiles {

    /** The placeholder replaced by the namespace's name. */
    public static final String PLACEHOLDER = "{{NAMESPACE}}";
    /** The placeholder replaced by the product's namespace. */
    public static final String PRODUCT_NAMESPACE = "{{PRODUCT_NAMESPACE}}";
    /** The placeholder replaced by the janitor's ServiceAccount name. */
    public static final String JANITOR_SERVICE_ACCOUNT = "{{JANITOR_SERVICE_ACCOUNT}}";
    /** The placeholder replaced by the name of the janitor's ClusterRole for CI namespaces. */
    public static final String JANITOR_CLUSTER_ROLE = "{{JANITOR_CLUSTER_ROLE}}";
    /** The profile used when a namespace names none. */
    public static final String DEFAULT = "default";
    /** Prefix of every injected object's name. */
    public static final String NAME_PREFIX = "ephemeral-ns-";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** Stands for the namespace while parsing: a DNS label, like every namespace name, that no real text contains. */
    private static final String TOKEN = "zz-ephemeral-ns-namespace-placeholder-zz";

    private final String file;
    private final Map<String, List<Map<String, Object>>> templates;
    private final Set<String> reservedNames;
    private final Map<String, List<PullSecretRef>> pullSecrets;

    private BaselineProfiles(String file, Map<String, List<Map<String, Object>>> templates, Set<String> reservedNames,
            Map<String, List<PullSecretRef>> pullSecrets) {
        this.file = file;
        this.templates = templates;
        this.reservedNames = Set.copyOf(reservedNames);
        this.pullSecrets = Map.copyOf(pullSecrets);
    }

    /** Parses and checks a profiles file with the default settings ({@link ProfileSettings#defaults}, own namespace unknown). */
    public static BaselineProfiles parse(String file, String text) {
        return parse(file, text, ProfileSettings.defaults(Optional.empty()));
    }

    /**
     * Parses and checks a profiles file.
     *
     * @param file the file's name, for messages
     * @throws ProfileFileException naming the file, the document and the reason
     */
    public static BaselineProfiles parse(String file, String text, ProfileSettings settings) {
        String filled = text.replace(PRODUCT_NAMESPACE, settings.productNamespace().orElse(""))
                .replace(JANITOR_SERVICE_ACCOUNT, settings.janitorServiceAccount())
                .replace(JANITOR_CLUSTER_ROLE, settings.janitorClusterRole())
                .replace(PLACEHOLDER, TOKEN);
        Map<String, List<Map<String, Object>>> templates = new LinkedHashMap<>();
        Object root = yaml(file, filled);
        Map<String, List<Map<String, Object>>> written = read(file, root);
        Map<String, List<PullSecretRef>> pullSecrets = ImagePullSecrets.parse(file,
                ((Map<?, ?>) root).get(ImagePullSecrets.KEY), written.keySet());
        Set<String> reserved = new TreeSet<>();
        pullSecrets.values().forEach(refs -> refs.forEach(ref -> reserved.add(ref.copyName())));
        written.values().forEach(objects -> objects.forEach(object -> {
            String name = String.valueOf(metadata(object).get("name"));
            if (!name.contains(TOKEN)) {
                reserved.add(name);
            }
        }));
        written.forEach((name, objects) -> templates.put(name, objects.stream()
                .filter(object -> settings.effectiveJanitorAccess() != JanitorAccess.OFF
                        || !bindsRole(object, settings.janitorClusterRole()))
                .map(object -> settings.effectiveJanitorAccess() == JanitorAccess.FINALIZER ? object : withoutJanitorFinalizer(object))
                .toList()));
        return new BaselineProfiles(file, templates, reserved, pullSecrets);
    }

    /** The names of the profiles. */
    public Set<String> names() {
        return templates.keySet();
    }

    /**
     * Every object name any profile uses: reserved in CI namespaces, where only the product may create objects with
     * these names (the baseline guard refuses others). Names containing {@value #PLACEHOLDER} are not listed; the
     * janitor's binding is reserved even when {@code webhook.janitor-access=off} leaves it out, as the chart does.
     */
    public Set<String> reservedNames() {
        return new TreeSet<>(reservedNames);
    }

    /** Every image pull secret source any profile copies ({@link ImagePullSecrets}), each once, in file order. */
    public List<PullSecretRef> pullSecretSources() {
        return ImagePullSecrets.sources(pullSecrets);
    }

    /** The distinct apiVersion and kind pairs of all profiles, e.g. {@code v1 ResourceQuota}, in order of first use. */
    public Set<List<String>> kinds() {
        Set<List<String>> kinds = new LinkedHashSet<>();
        templates.values().forEach(objects -> objects.forEach(object ->
                kinds.add(List.of(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind"))))));
        return kinds;
    }

    /** Where the profiles came from. */
    public String file() {
        return file;
    }

    /** One line for the start-up log. */
    public String describe() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        templates.forEach((name, objects) -> sizes.put(name, objects.size()));
        return file + " " + sizes + (pullSecrets.isEmpty() ? "" : " image pull secrets " + pullSecrets);
    }

    /** The plan for a namespace: its profile's manifests, namespaced and labelled. Unknown profiles fall back to default. */
    public BaselinePlan plan(NamespaceView namespace) {
        String requested = requestedProfile(namespace);
        String profile = profileOf(namespace);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Map<String, Object> template : templates.get(profile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = (Map<String, Object>) fill(template, namespace.name());
            Map<String, Object> metadata = metadata(manifest);
            metadata.put("namespace", namespace.name());
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = metadata.get("labels") instanceof Map<?, ?> existing
                    ? (Map<String, Object>) existing : new LinkedHashMap<>();
            labels.put(ProductKeys.BASELINE_OBJECT, "true");
            labels.put(ProductKeys.MANAGED_BY, ProductKeys.PRODUCT);
            metadata.put("labels", labels);
            objects.add(manifest);
        }
        return new BaselinePlan(namespace.name(), profile, requested, objects, pullSecrets(namespace));
    }

    /** The image pull secrets of the namespace's profile (without planning its objects). */
    public List<PullSecretRef> pullSecrets(NamespaceView namespace) {
        return pullSecrets.getOrDefault(profileOf(namespace), List.of());
    }

    private static String requestedProfile(NamespaceView namespace) {
        String requested = namespace.label(ProductKeys.PROFILE);
        return requested == null || requested.isEmpty() ? DEFAULT : requested;
    }

    /** The profile a namespace gets: the one it asks for, or default when that does not exist. */
    private String profileOf(NamespaceView namespace) {
        String requested = requestedProfile(namespace);
        return templates.containsKey(requested) ? requested : DEFAULT;
    }

    /** A deep, mutable copy with the namespace token replaced in every key and string. */
    private static Object fill(Object value, String namespace) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key).replace(TOKEN, namespace), fill(item, namespace)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(fill(item, namespace)));
            return copy;
        }
        return value instanceof String text ? text.replace(TOKEN, namespace) : value;
    }

    private static boolean bindsRole(Map<String, Object> object, String clusterRole) {
        return "RoleBinding".equals(object.get("kind")) && object.get("roleRef") instanceof Map<?, ?> roleRef
                && "ClusterRole".equals(roleRef.get("kind")) && clusterRole.equals(roleRef.get("name"));
    }

    private static Map<String, Object> withoutJanitorFinalizer(Map<String, Object> object) {
        Map<String, Object> metadata = metadata(object);
        if (metadata.get("finalizers") instanceof List<?> finalizers && finalizers.contains(JanitorAccess.FINALIZER_NAME)) {
            List<Object> rest = new ArrayList<>(finalizers);
            rest.remove(JanitorAccess.FINALIZER_NAME);
            if (rest.isEmpty()) {
                metadata.remove("finalizers");
            } else {
                metadata.put("finalizers", rest);
            }
        }
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.computeIfAbsent("metadata", key -> new LinkedHashMap<>());
    }

    private static Object yaml(String file, String text) {
        try {
            return YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ProfileFileException(file, null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
    }

    private static Map<String, List<Map<String, Object>>> read(String file, Object root) {
        if (!(root instanceof Map<?, ?> top) || !(top.get("profiles") instanceof Map<?, ?> profiles)) {
            throw new ProfileFileException(file, null, "expected a map with key \"profiles\" (profiles: {default: [manifests]})");
        }
        Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : profiles.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!LABEL_VALUE.matcher(name).matches()) {
                throw new ProfileFileException(file, "profile " + name, "the name is not a label value (it is chosen by label "
                        + ProductKeys.PROFILE + "); use letters, digits, - _ . e.g. default");
            }
            Object list = entry.getValue() == null ? List.of() : entry.getValue();
            if (!(list instanceof List<?> manifests)) {
                throw new ProfileFileException(file, "profile " + name, "expected a list of manifests");
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (int i = 0; i < manifests.size(); i++) {
                objects.add(manifest(file, "profiles." + name + "[" + i + "]", manifests.get(i)));
            }
            result.put(name, objects);
        }
        if (!result.containsKey(DEFAULT)) {
            throw new ProfileFileException(file, null, "there is no profile \"default\", used by namespaces without label "
                    + ProductKeys.PROFILE);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(String file, String document, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProfileFileException(file, document, "expected a Kubernetes manifest (a map), got " + value);
        }
        Map<String, Object> manifest = (Map<String, Object>) map;
        if (!(manifest.get("apiVersion") instanceof String apiVersion) || apiVersion.isBlank()) {
            throw new ProfileFileException(file, document, "apiVersion is missing, e.g. apiVersion: v1");
        }
        if (!(manifest.get("kind") instanceof String kind) || kind.isBlank()) {
            throw new ProfileFileException(file, document, "kind is missing, e.g. kind: ResourceQuota");
        }
        if ("Namespace".equals(kind)) {
            throw new ProfileFileException(file, document, "a profile holds namespaced objects, not a Namespace");
        }
        Object metadata = manifest.get("metadata");
        Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
        if (!(name instanceof String text) || !text.startsWith(NAME_PREFIX)) {
            throw new ProfileFileException(file, document + " (" + kind + ")", "metadata.name must start with " + NAME_PREFIX
                    + " so it never collides with a pipeline's own objects, e.g. " + NAME_PREFIX + "quota; got " + name);
        }
        Object namespace = ((Map<?, ?>) metadata).get("namespace");
        if (namespace != null && !TOKEN.equals(namespace)) {
            throw new ProfileFileException(file, document + " (" + kind + " " + name + ")",
                    "metadata.namespace must be absent or " + PLACEHOLDER + ", got " + namespace);
        }
        return manifest;
    }
}
