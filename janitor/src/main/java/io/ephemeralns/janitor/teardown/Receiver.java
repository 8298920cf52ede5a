package io.ephemeralns.janitor.teardown;

import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.forge.Forge;
import io.ephemeralns.janitor.forge.Payloads;
import io.ephemeralns.janitor.forge.Reading;
import io.ephemeralns.janitor.forge.ReplayGuard;
import io.ephemeralns.janitor.forge.Signatures;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One delivery in, one {@link Answer} out, in this order: the forge must be configured (404), the delivery
 * authenticated (401: nothing unauthenticated goes further, not even into the replay memory), carry its event and
 * delivery headers and a readable body (400); an event that ends nothing is acknowledged (202); a delivery id already
 * taken is refused (409); only the leader marks (503 elsewhere); then the namespaces are marked for
 * now + grace (202), or the API server failed (500). After a 503 or a 500 the id is forgotten, so that the forge's
 * redelivery (same id) is taken. Free of HTTP types, so that tests drive it directly.
 */
public class Receiver {

    private static final Logger LOG = Logger.getLogger(Receiver.class);

    /**
     * The answer to a delivery.
     *
     * @param outcome what became of it (its HTTP status)
     * @param message one line for the forge's delivery log
     */
    public record Answer(DeliveryOutcome outcome, String message) {
        /** The HTTP status. */
        public int status() {
            return outcome.status();
        }
    }

    private final Map<Forge, Optional<byte[]>> secrets;
    private final Duration grace;
    private final ReplayGuard replays;
    private final NamespaceMarker marker;
    private final TeardownMetrics metrics;
    private final Clock clock;

    /**
     * @param secrets the configured secret of each forge; empty = that forge is not served
     * @param grace   delay between a delivery and the teardown
     */
    public Receiver(Map<Forge, Optional<byte[]>> secrets, Duration grace, ReplayGuard replays, NamespaceMarker marker,
            TeardownMetrics metrics, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.grace = grace;
        this.replays = replays;
        this.marker = marker;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Takes one delivery.
     *
     * @param headers the request's header values by name (case-insensitive lookup is the caller's), null when absent
     */
    public Answer receive(Forge forge, Function<String, String> headers, byte[] body) {
        Answer answer = decide(forge, headers, body);
        metrics.delivery(forge, answer.outcome());
        String id = headers.apply(forge.deliveryHeader());
        LOG.infof("%s delivery %s: %d %s", forge.tag(), id == null ? "(no id)" : Payloads.printable(id), answer.status(),
                answer.message());
        return answer;
    }

    /** Counts and answers a body over the limit (the HTTP layer refuses it before reading it all). */
    public Answer tooLarge(Forge forge, int limit) {
        metrics.delivery(forge, DeliveryOutcome.TOO_LARGE);
        return new Answer(DeliveryOutcome.TOO_LARGE, "the body is larger than " + limit + " bytes"
                + " (janitor.teardown.max-body-bytes); send only the events pull_request, delete and push"
                + " (GitHub) or Merge Request and Push events (GitLab)");
    }

    private Answer decide(Forge forge, Function<String, String> headers, byte[] body) {
        Optional<byte[]> secret = secrets.getOrDefault(forge, Optional.empty());
        if (secret.isEmpty()) {
            return new Answer(DeliveryOutcome.NOT_CONFIGURED, forge.tag() + " deliveries are not configured"
                    + " (janitor.teardown." + forge.tag() + "-secret is not set)");
        }
        if (!authentic(forge, headers, body, secret.get())) {
            return new Answer(DeliveryOutcome.UNAUTHORIZED, forge == Forge.GITHUB
                    ? "missing or wrong X-Hub-Signature-256: sign the body with HMAC-SHA256 and the webhook's secret"
                    : "missing or wrong X-Gitlab-Token: set the webhook's secret token to the configured secret");
        }
        String id = headers.apply(forge.deliveryHeader());
        if (id == null || id.isBlank() || id.length() > 200) {
            return new Answer(DeliveryOutcome.MALFORMED, "malformed delivery: no " + forge.deliveryHeader() + " header");
        }
        Reading reading = Payloads.read(forge, headers.apply(forge.eventHeader()), body);
        if (reading.outcome() == Reading.Outcome.MALFORMED) {
            return new Answer(DeliveryOutcome.MALFORMED, reading.message());
        }
        if (reading.ending().isEmpty()) {
            return new Answer(DeliveryOutcome.IGNORED, reading.message());
        }
        Instant now = clock.instant();
        if (!replays.firstSeen(id, now)) {
            return new Answer(DeliveryOutcome.REPLAYED, "delivery " + Payloads.printable(id) + " was already taken");
        }
        try {
            NamespaceMarker.Result result = marker.mark(reading.ending().get(), now.plus(grace));
            metrics.marked(result.marked().size());
            if (!result.failed().isEmpty()) {
                replays.forget(id);
                return new Answer(DeliveryOutcome.FAILED, reading.message() + "; marking failed for " + result.failed()
                        + " (marked: " + result.marked() + "); redeliver");
            }
            return result.marked().isEmpty()
                    ? new Answer(DeliveryOutcome.NO_MATCH, reading.message() + "; no namespace to mark")
                    : new Answer(DeliveryOutcome.MARKED, reading.message() + (marker.dryRun()
                            ? "; DRY-RUN: would mark for teardown after " : "; torn down after ")
                            + Ttl.format(grace) + ": " + String.join(", ", result.marked()));
        } catch (NamespaceMarker.NotLeader e) {
            replays.forget(id);
            return new Answer(DeliveryOutcome.NOT_LEADER, "this janitor replica is not the leader; redeliver");
        } catch (KubernetesClientException e) {
            replays.forget(id);
            LOG.warnf("listing the namespaces of %s failed: %s %s", reading.ending().get().describe(), e.getCode(),
                    e.getMessage());
            return new Answer(DeliveryOutcome.FAILED, "listing namespaces failed; redeliver");
        }
    }

    private static boolean authentic(Forge forge, Function<String, String> headers, byte[] body, byte[] secret) {
        return forge == Forge.GITHUB
                ? Signatures.githubValid(body, headers.apply("X-Hub-Signature-256"), secret)
                : Signatures.gitlabValid(headers.apply("X-Gitlab-Token"), secret);
    }
}
