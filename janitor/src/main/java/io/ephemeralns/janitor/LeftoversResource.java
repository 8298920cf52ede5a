package io.ephemeralns.janitor;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.leftovers.LeftoverPlan;
import io.ephemeralns.janitor.leftovers.LeftoverSweep;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /leftovers}: the cluster-scoped objects labelled {@code ephemeral-ns.io/owner-namespace} whose namespace
 * is gone, as the leader's last listing found them ({@code janitor.leftovers.*}; issue 15). Never lists on request; a
 * replica that does not lead, and a janitor with the leftovers off, answer with an empty list and no {@code listedAt}.
 */
@Path("/leftovers")
public class LeftoversResource {

    /**
     * The report.
     *
     * @param enabled   whether {@code janitor.leftovers.enabled} is on
     * @param listedAt  RFC 3339 time of the last listing, null before the first
     * @param leftovers the objects, by resource then name
     */
    public record Report(boolean enabled, String listedAt, List<Entry> leftovers) {
    }

    /**
     * One object that outlived its namespace.
     *
     * @param resource  {@code clusterroles.rbac.authorization.k8s.io}
     * @param name      its name
     * @param owner     the namespace its label names
     * @param state     {@code grace}, {@code due}, {@code unverified} or {@code protected}
     * @param why       one line
     * @param goneSince RFC 3339 time the janitor found the namespace missing, null when it never knew it
     * @param created   the object's creationTimestamp
     */
    public record Entry(String resource, String name, String owner, String state, String why, String goneSince,
            String created) {
    }

    private final LeftoverSettings settings;
    private final Instance<LeftoverSweep> sweeps;

    public LeftoversResource(LeftoverSettings settings, Instance<LeftoverSweep> sweeps) {
        this.settings = settings;
        this.sweeps = sweeps;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Report list() {
        if (!settings.enabled()) {
            return new Report(false, null, List.of());
        }
        LeftoverSweep.Result last = sweeps.get().last();
        return new Report(true, last.listedAt() == null ? null : Timestamps.format(last.listedAt()),
                last.leftovers().stream().map(LeftoversResource::entry).toList());
    }

    private static Entry entry(LeftoverPlan.Leftover leftover) {
        return new Entry(leftover.object().resource(), leftover.object().name(), leftover.object().owner(),
                leftover.state().tag(), leftover.why(),
                leftover.goneSince() == null ? null : Timestamps.format(leftover.goneSince()),
                leftover.object().created().map(Timestamps::format).orElse(null));
    }
}
