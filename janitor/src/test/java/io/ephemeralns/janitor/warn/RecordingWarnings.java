package io.ephemeralns.janitor.warn;

import io.ephemeralns.janitor.plan.Warning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test {@link Warnings}: 15 minutes ahead; records the warnings handed over, or refuses them all (not the leader). */
public final class RecordingWarnings implements Warnings {

    /** The warnings accepted, in order. */
    public final List<Warning> given = new ArrayList<>();
    /** False: refuse every warning, as a replica that is not the leader does. */
    public boolean accept = true;

    @Override
    public Duration before() {
        return Duration.ofMinutes(15);
    }

    @Override
    public boolean warn(Warning warning) {
        if (accept) {
            given.add(warning);
        }
        return accept;
    }
}
