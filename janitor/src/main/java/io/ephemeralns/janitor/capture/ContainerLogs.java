package io.ephemeralns.janitor.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which logs a capture reads, from the namespace's listed pods: every container's (init, regular and ephemeral
 * containers), and its previous instance's too when it restarted ({@code restartCount > 0}: a crash-looping
 * container's current log is often empty, the failure is in the previous one). Each log is an archive entry
 * {@code logs/<pod>/<container>.log} or {@code .previous.log}; pod and container names are DNS labels, safe as paths.
 */
public final class ContainerLogs {

    /**
     * One log to read.
     *
     * @param pod       the pod's name
     * @param container the container's name
     * @param previous  the previous instance's log
     */
    public record Log(String pod, String container, boolean previous) {

        /** The archive entry. */
        public String entry() {
            return "logs/" + pod + "/" + container + (previous ? ".previous.log" : ".log");
        }
    }

    private ContainerLogs() {
    }

    /** The logs of the pods in a listed {@code PodList} (JSON maps), in the list's order. */
    public static List<Log> of(Map<?, ?> pods) {
        List<Log> logs = new ArrayList<>();
        if (!(pods.get("items") instanceof List<?> items)) {
            return logs;
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> pod) || !(pod.get("metadata") instanceof Map<?, ?> metadata)
                    || !(metadata.get("name") instanceof String name)) {
                continue;
            }
            Map<String, Integer> restarts = restarts(pod.get("status"));
            Map<?, ?> spec = pod.get("spec") instanceof Map<?, ?> map ? map : Map.of();
            for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
                for (String container : names(spec.get(field))) {
                    logs.add(new Log(name, container, false));
                    if (restarts.getOrDefault(container, 0) > 0) {
                        logs.add(new Log(name, container, true));
                    }
                }
            }
        }
        return logs;
    }

    private static Map<String, Integer> restarts(Object status) {
        Map<String, Integer> restarts = new HashMap<>();
        if (!(status instanceof Map<?, ?> map)) {
            return restarts;
        }
        for (String field : List.of("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")) {
            if (map.get(field) instanceof List<?> statuses) {
                for (Object each : statuses) {
                    if (each instanceof Map<?, ?> containerStatus && containerStatus.get("name") instanceof String name
                            && containerStatus.get("restartCount") instanceof Number count) {
                        restarts.put(name, count.intValue());
                    }
                }
            }
        }
        return restarts;
    }

    private static List<String> names(Object containers) {
        List<String> names = new ArrayList<>();
        if (containers instanceof List<?> list) {
            for (Object each : list) {
                if (each instanceof Map<?, ?> container && container.get("name") instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
