package io.ephemeralns.webhook.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *       spec: ...                          # "{{NAMESPACE}}" anywhere is replaced by the namespace's name
 * </pre>
 * Rules, checked at start-up so that a bad file stops the program instead of half-applying: a profile
 * {@code default} exists; profile names are label values; every manifest has apiVersion, kind and a name that
 * starts with {@code ephemeral-ns-} (the contract: never a name a pipeline applies itself); no manifest is a
 * Namespace or names another namespace. The placeholder is replaced in the text before parsing, so it may be
 * quoted or not (namespace names are DNS labels and cannot break the YAML).
 *
 * <p>Every object of a plan gets {@code metadata.namespace} and the labels {@code ephemeral-ns.io/baseline=true}
 * and {@code app.kubernetes.io/managed-by=ephemeral-ns}. Pure: parsing and planning take text and data only.
 */
public final class BaselineProfiles {

    /** The placeholder replaced by the namespace's name. */
    public static final String PLACEHOLDER = "{{NAMESPACE}}";
    /** The profile used when a namespace names none. */
    public static final String DEFAULT = "default";
    /** Prefix of every injected object's name. */
    public static final String NAME_PREFIX = "ephemeral-ns-";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final String SAMPLE_NAMESPACE = "ephemeral-ns-validation-sample";

    private final String file;
    private final String text;
    private final Map<String, Integer> sizes;

    private BaselineProfiles(String file, String text, Map<String, Integer> sizes) {
        this.file = file;
        this.text = text;
        this.sizes = sizes;
    }

    /**
     * Parses and checks a profiles file.
     *
     * @param file the file's name, for messages
     * @throws ProfileFileException naming the file, the document and the reason
     */
    public static BaselineProfiles parse(String file, String text) {
        Map<String, List<Map<String, Object>>> profiles = read(file, text, SAMPLE_NAMESPACE);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        profiles.forEach((name, objects) -> sizes.put(name, objects.size()));
        return new BaselineProfiles(file, text, sizes);
    }

    /** The names of the profiles. */
    public Set<String> names() {
        return sizes.keySet();
    }

    /** Where the profiles came from. */
    public String file() {
        return file;
    }

    /** One line for the start-up log. */
    public String describe() {
        return file + " " + sizes;
    }

    /** The plan for a namespace: its profile's manifests, namespaced and labelled. Unknown profiles fall back to default. */
    public BaselinePlan plan(NamespaceView namespace) {
        String requested = namespace.label(ProductKeys.PROFILE);
        requested = requested == null || requested.isEmpty() ? DEFAULT : requested;
        String profile = sizes.containsKey(requested) ? requested : DEFAULT;
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Map<String, Object> manifest : read(file, text, namespace.name()).get(profile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) manifest.computeIfAbsent("metadata", key -> new LinkedHashMap<>());
            metadata.put("namespace", namespace.name());
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = metadata.get("labels") instanceof Map<?, ?> existing
                    ? (Map<String, Object>) existing : new LinkedHashMap<>();
            labels.put(ProductKeys.BASELINE_OBJECT, "true");
            labels.put(ProductKeys.MANAGED_BY, ProductKeys.PRODUCT);
            metadata.put("labels", labels);
            objects.add(manifest);
        }
        return new BaselinePlan(namespace.name(), profile, requested, objects);
    }

    private static Map<String, List<Map<String, Object>>> read(String file, String text, String namespace) {
        Object root;
        try {
            root = YAML.readValue(text.replace(PLACEHOLDER, namespace), Object.class);
        } catch (JsonProcessingException e) {
            throw new ProfileFileException(file, null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
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
                objects.add(manifest(file, "profiles." + name + "[" + i + "]", manifests.get(i), namespace));
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
    private static Map<String, Object> manifest(String file, String document, Object value, String target) {
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
        if (namespace != null && !target.equals(namespace)) {
            throw new ProfileFileException(file, document + " (" + kind + " " + name + ")",
                    "metadata.namespace must be absent or " + PLACEHOLDER + ", got " + namespace);
        }
        return manifest;
    }
}
