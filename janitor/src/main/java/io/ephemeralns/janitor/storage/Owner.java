package io.ephemeralns.janitor.storage;

import java.util.Locale;

/** Whose a leaked volume was, as far as the janitor can prove; the tag is the metrics' {@code owner} label. */
public enum Owner {
    /** Labelled by the janitor while its claim's CI namespace lived, and that namespace is gone: may be reclaimed. */
    CI,
    /** Its claim's namespace is gone but nothing proves it was a CI namespace: reported, never reclaimed. */
    UNKNOWN;

    /** {@code ci} or {@code unknown}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
