package io.ephemeralns.janitor.capture;

import io.ephemeralns.janitor.kube.NamespaceReads;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Reads answered from maps, by path; a path not given answers 404; {@link #block} makes every read wait for an interrupt. */
class FakeReads extends NamespaceReads {

    final Map<String, Map<?, ?>> lists = new HashMap<>();
    final Map<String, String> logs = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    final List<String> askedMetadata = new ArrayList<>();
    final CountDownLatch blocked = new CountDownLatch(1);
    volatile boolean block;

    FakeReads() {
        super(null);
    }

    @Override
    public Map<?, ?> list(String path) throws InterruptedException {
        waitIfBlocked();
        asked.add(path);
        return answer(path);
    }

    @Override
    public Map<?, ?> listMetadata(String path) throws InterruptedException {
        waitIfBlocked();
        askedMetadata.add(path);
        return answer(path);
    }

    @Override
    public long log(String namespace, String pod, String container, boolean previous, long limitBytes, OutputStream sink)
            throws InterruptedException {
        waitIfBlocked();
        String log = logs.get(pod + "/" + container + (previous ? "/previous" : ""));
        if (log == null) {
            throw new KubernetesClientException("no log", 400, null);
        }
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int sent = (int) Math.min(bytes.length, limitBytes);
        try {
            sink.write(bytes, 0, sent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sent;
    }

    private Map<?, ?> answer(String path) {
        Map<?, ?> list = lists.get(path);
        if (list == null) {
            throw new KubernetesClientException("not found", 404, null);
        }
        return list;
    }

    private void waitIfBlocked() throws InterruptedException {
        if (block) {
            blocked.countDown();
            new CountDownLatch(1).await();
        }
    }
}
