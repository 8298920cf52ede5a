package io.ephemeralns.webhook.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code imagePullSecrets} section of the profiles file: per profile, the Secrets copied into its CI namespaces
 * and attached to their {@code default} ServiceAccount.
 * <pre>
 * imagePullSecrets:
 *   default:                       # a profile of the same file
 *     - namespace: ci-secrets      # the source Secret's namespace
 *       name: regcred              # copied as ephemeral-ns-pull-regcred
 * </pre>
 * Checked at start-up, each failure naming the entry: the profile exists; each entry has exactly {@code namespace}
 * (a DNS label) and {@code name} (a DNS subdomain short enough for its copy's name); no source is listed twice in a
 * profile; no two sources share a copy name (two namespaces' {@code regcred} would overwrite each other). The
 * source's type ({@link #ACCEPTED_TYPES}) can only be checked when it is read: a wrong one is reported like a missing
 * one ({@link PullSecretCopy}). Pure.
 */
public final class ImagePullSecrets {

    /** The top-level key of the profiles file. */
    public static final String KEY = "imagePullSecrets";
    /** The Secret types a copy may have: those the kubelet reads pull credentials from. */
    public static final Set<String> ACCEPTED_TYPES = Set.of("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_NAME = 253;

    private ImagePullSecrets() {
    }

    /**
     * Reads the section (null when the file has none).
     *
     * @return each profile's sources, in file order; profiles without any are absent
     * @throws ProfileFileException naming the entry and what is accepted
     */
    public static Map<String, List<PullSecretRef>> parse(String file, Object section, Set<String> profiles) {
        Map<String, List<PullSecretRef>> result = new LinkedHashMap<>();
        if (section == null) {
            return result;
        }
        if (!(section instanceof Map<?, ?> byProfile)) {
            throw new ProfileFileException(file, KEY, "expected a map from profile to a list of {namespace, name},"
                    + " e.g. imagePullSecrets: {default: [{namespace: ci-secrets, name: regcred}]}");
        }
        Map<String, PullSecretRef> byCopyName = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : byProfile.entrySet()) {
            String profile = String.valueOf(entry.getKey());
            String where = KEY + "." + profile;
            if (!profiles.contains(profile)) {
                throw new ProfileFileException(file, where, "there is no profile " + profile + " (profiles: " + profiles + ")");
            }
            Object value = entry.getValue() == null ? List.of() : entry.getValue();
            if (!(value instanceof List<?> list)) {
                throw new ProfileFileException(file, where, "expected a list of {namespace, name}");
            }
            Set<PullSecretRef> refs = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                PullSecretRef ref = ref(file, where + "[" + i + "]", list.get(i));
                if (!refs.add(ref)) {
                    throw new ProfileFileException(file, where + "[" + i + "]", "Secret " + ref + " is listed twice");
                }
                PullSecretRef other = byCopyName.putIfAbsent(ref.copyName(), ref);
                if (other != null && !other.equals(ref)) {
                    throw new ProfileFileException(file, where + "[" + i + "]", "Secrets " + other + " and " + ref
                            + " would both be copied as " + ref.copyName() + "; copy Secrets with different names");
                }
            }
            if (!refs.isEmpty()) {
                result.put(profile, List.copyOf(refs));
            }
        }
        return result;
    }

    private static PullSecretRef ref(String file, String where, Object value) {
        if (!(value instanceof Map<?, ?> map) || !Set.of("namespace", "name").equals(stringKeys(map))) {
            throw new ProfileFileException(file, where, "expected exactly {namespace: <namespace>, name: <Secret>},"
                    + " e.g. {namespace: ci-secrets, name: regcred}; got " + value);
        }
        String namespace = map.get("namespace") instanceof String text ? text : "";
        String name = map.get("name") instanceof String text ? text : "";
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new ProfileFileException(file, where, "namespace " + map.get("namespace") + " is not a namespace name (a DNS label:"
                    + " at most 63 lower-case letters, digits and -)");
        }
        int longest = MAX_NAME - PullSecretRef.COPY_PREFIX.length();
        if (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > longest) {
            throw new ProfileFileException(file, where, "name " + map.get("name") + " is not a Secret name this product can copy (a"
                    + " DNS subdomain of lower-case letters, digits, - and ., at most " + longest + " characters, as the"
                    + " copy is named " + PullSecretRef.COPY_PREFIX + "<name>)");
        }
        return new PullSecretRef(namespace, name);
    }

    private static Set<String> stringKeys(Map<?, ?> map) {
        Set<String> keys = new LinkedHashSet<>();
        map.keySet().forEach(key -> keys.add(String.valueOf(key)));
        return keys;
    }

    /** Every distinct source of all profiles, in file order. */
    static List<PullSecretRef> sources(Map<String, List<PullSecretRef>> byProfile) {
        Set<PullSecretRef> all = new LinkedHashSet<>();
        byProfile.values().forEach(all::addAll);
        return new ArrayList<>(all);
    }
}
