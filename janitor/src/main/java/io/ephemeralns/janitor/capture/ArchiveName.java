package io.ephemeralns.janitor.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An archive's name: {@code <namespace>-<first 8 characters of its UID>-<yyyyMMdd'T'HHmmss'Z'>}, e.g.
 * {@code test-main-abc1234-3f2a9c1d-20261130T183000Z}. The UID tells apart two namespaces of one name (a pipeline
 * re-running a commit), the time sorts them and is what {@link Retention} reads back, so that pruning needs no index
 * and no clock of the store. Namespace names are DNS labels and UIDs hex and dashes, so the name is safe as a file or
 * object name anywhere.
 */
public final class ArchiveName {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?-[0-9a-fA-F-]{1,8}-([0-9]{8}T[0-9]{6}Z)");
    private static final int UID_PREFIX = 8;

    private ArchiveName() {
    }

    /** The archive name of a namespace captured at {@code now}. */
    public static String of(String namespace, String uid, Instant now) {
        String prefix = uid == null || uid.isEmpty() ? "0" : uid.substring(0, Math.min(UID_PREFIX, uid.length()));
        return namespace + "-" + prefix + "-" + TIME.format(now);
    }

    /** When the archive of this name was made; empty for a name this class did not make. */
    public static Optional<Instant> capturedAt(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TIME.parse(matcher.group(2), Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
