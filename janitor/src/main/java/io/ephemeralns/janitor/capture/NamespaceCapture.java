package io.ephemeralns.janitor.capture;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.kube.NamespaceReads;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one namespace's archive: {@code events.yaml}, then {@code objects/<kind>.yaml} for each of
 * {@link CapturedKinds#ALL}, then each container's log ({@link ContainerLogs}; its last bytes, where a failure shows),
 * within the {@link SizeBudget}, and
 * last {@code CAPTURE.txt}: what was captured, why, what was cut or could not be read. A read the API server refuses
 * (403 without the chart's capture RBAC, 404 a kind it does not serve, a log of a container that never ran) is
 * noted and the capture goes on; a write that fails (a full volume: ENOSPC, an unwritable directory) ends it with
 * the {@link IOException}, and the half-written archive is discarded. An interrupt (the caller's timeout) stops the
 * reading: what was read is committed, and {@code CAPTURE.txt} says the capture was cut short.
 */
public final class NamespaceCapture {

    /** The archive's own account, not counted in the budget. */
    public static final String SUMMARY = "CAPTURE.txt";
    /**
     * Most bytes of one log read ({@code limitBytes}): a log streams through a {@link TailBuffer} and only its last
     * bytes, its share of {@code max-bytes}, are kept. The API server serves a container's current log file, which the
     * kubelet rotates at {@code containerLogMaxSize} (10 MiB by default), so this bound is reached only on a node
     * configured for larger files; it bounds the transfer, never the memory.
     */
    static final long MAX_LOG_READ = 64L * 1024 * 1024;

    private final NamespaceReads reads;
    private final ArchiveStore store;
    private final long maxBytes;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** @param maxBytes {@code janitor.capture.max-bytes} */
    public NamespaceCapture(NamespaceReads reads, ArchiveStore store, long maxBytes) {
        this.reads = reads;
        this.store = store;
        this.maxBytes = maxBytes;
    }

    /** Where the archives go. */
    public ArchiveStore store() {
        return store;
    }

    /**
     * Captures the namespace into the archive {@code name}.
     *
     * @throws IOException when the store cannot be written; nothing is left of the archive
     */
    public CaptureReport capture(String namespace, String uid, CaptureScope.Decision why, String name, Instant now)
            throws IOException {
        SizeBudget budget = new SizeBudget(maxBytes);
        int[] errors = {0};
        boolean cutShort = false;
        try (ArchiveStore.Archive archive = store.open(name)) {
            try {
                Map<?, ?> pods = null;
                writeList(archive, budget, errors, "", CapturedKinds.EVENTS, namespace);
                for (CapturedKinds.Kind kind : CapturedKinds.ALL) {
                    Map<?, ?> listed = writeList(archive, budget, errors, "objects/", kind, namespace);
                    if (kind.plural().equals("pods")) {
                        pods = listed;
                    }
                }
                List<ContainerLogs.Log> logs = pods == null ? List.of() : ContainerLogs.of(pods);
                for (int i = 0; i < logs.size(); i++) {
                    writeLog(archive, budget, errors, namespace, logs.get(i), logs.size() - i);
                }
            } catch (InterruptedException e) {
                cutShort = true; // the flag is cleared: the summary and the commit below still write
            }
            archive.write(SUMMARY, summary(namespace, uid, why, now, budget, errors[0], cutShort)
                    .getBytes(StandardCharsets.UTF_8));
            archive.commit();
        }
        if (cutShort) {
            Thread.currentThread().interrupt();
        }
        return new CaptureReport(name, budget.used(), budget.truncated(), errors[0], cutShort);
    }

    private Map<?, ?> writeList(ArchiveStore.Archive archive, SizeBudget budget, int[] errors, String folder,
            CapturedKinds.Kind kind, String namespace) throws IOException, InterruptedException {
        String entry = folder + kind.file();
        Map<?, ?> listed;
        try {
            listed = kind.metadataOnly() ? reads.listMetadata(kind.path(namespace)) : reads.list(kind.path(namespace));
        } catch (KubernetesClientException e) {
            errors[0]++;
            budget.note(entry + ": not read: " + reason(e));
            return null;
        }
        String yaml = serialization.asYaml(Redaction.forArchive(listed, kind.metadataOnly()));
        write(archive, budget, entry, yaml.getBytes(StandardCharsets.UTF_8));
        return listed;
    }

    private void writeLog(ArchiveStore.Archive archive, SizeBudget budget, int[] errors, String namespace,
            ContainerLogs.Log log, int left) throws IOException, InterruptedException {
        if (budget.remaining() == 0) {
            budget.omit(log.entry());
            return;
        }
        long limit = budget.share(left);
        TailBuffer tail = new TailBuffer((int) Math.min(limit, MAX_LOG_READ));
        long read;
        try {
            read = reads.log(namespace, log.pod(), log.container(), log.previous(), MAX_LOG_READ, tail);
        } catch (KubernetesClientException e) {
            errors[0]++;
            budget.note(log.entry() + ": not read: " + reason(e));
            return;
        }
        byte[] bytes = tail.tail();
        if (read > bytes.length || read >= MAX_LOG_READ) {
            budget.limited(log.entry(), bytes.length, read, read >= MAX_LOG_READ);
        }
        write(archive, budget, log.entry(), bytes);
    }

    private static void write(ArchiveStore.Archive archive, SizeBudget budget, String entry, byte[] bytes)
            throws IOException {
        long allowed = budget.take(entry, bytes.length);
        if (allowed > 0 || bytes.length == 0) {
            archive.write(entry, allowed == bytes.length ? bytes : Arrays.copyOf(bytes, (int) allowed));
        }
    }

    private static String reason(KubernetesClientException e) {
        return e.getCode() > 0 ? "HTTP " + e.getCode() : String.valueOf(e.getMessage());
    }

    static String summary(String namespace, String uid, CaptureScope.Decision why, Instant now, SizeBudget budget,
            int errors, boolean cutShort) {
        List<String> lines = new ArrayList<>();
        lines.add("namespace: " + namespace);
        lines.add("uid: " + uid);
        lines.add("captured-at: " + Timestamps.format(now));
        lines.add("why: " + (why == CaptureScope.Decision.KEPT ? "kept (keep=true)" : "asked (label capture=true)"));
        lines.add("bytes: " + budget.used());
        lines.add("complete: " + (!cutShort && !budget.truncated() && errors == 0));
        if (cutShort) {
            lines.add("cut short: janitor.capture.timeout reached; what follows the last entry written was not read");
        }
        if (budget.truncated()) {
            lines.add("truncated: janitor.capture.max-bytes reached, see the notes");
        }
        List<String> notes = budget.notes();
        if (!notes.isEmpty()) {
            lines.add("notes:");
            notes.forEach(note -> lines.add("- " + note));
        }
        return String.join("\n", lines) + "\n";
    }
}
