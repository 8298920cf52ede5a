package io.ephemeralns.e2enode;

import io.ephemeralns.e2e.Shell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The images the suite runs, pushed to the node's registry by {@code images/build.sh}: the programs' images (the
 * chart finds them through {@code global.image.registry} and {@code global.image.tag}), a tools image (busybox and
 * curl) for test pods, and a tiny HTTP service for the applications under test and "production".
 */
record Images(String registry, String tag) {

    /**
     * Builds and pushes every image to the node's registry ({@code images/build.sh push}), the programs' from the
     * modules this build packaged.
     */
    static Images push(Path repo, RealNode node, String tag) {
        Shell.run(Duration.ofMinutes(30), Map.of("CRANE", node.require("CRANE")), List.of(repo.resolve("images/build.sh").toString(),
                "push", node.registry(), "--tag", tag)).ok();
        return new Images(node.registry(), tag);
    }

    /** busybox (with {@code sh}, {@code nslookup}, {@code sleep}) and curl. */
    String tools() {
        return registry + "/ephemeral-ns/tools:" + tag;
    }

    /** An HTTP service (busybox httpd) answering 200 with a page on {@code /}; busybox is in it for kubectl exec. */
    String httpService() {
        return registry + "/ephemeral-ns/prod-http:" + tag;
    }

    /** The port {@link #httpService()} listens on. */
    int httpPort() {
        return 8080;
    }
}
