package io.ephemeralns.janitor.stuck;

/**
 * A kind as the namespace controller names it in its conditions ({@code configmaps.}, {@code widgets.example.com}):
 * a resource and its API group, without a version (discovery finds the version, see {@link ApiResource}).
 *
 * @param group    API group, {@code ""} for core
 * @param resource plural resource name
 */
public record GroupResource(String group, String resource) {

    /** {@code configmaps} for core kinds, {@code widgets.example.com} for others. */
    public String display() {
        return resource + (group.isEmpty() ? "" : "." + group);
    }
}
