package io.ephemeralns.e2e;

/** Reading a program's Prometheus metrics page ({@code /q/metrics}) in the end-to-end suites. */
public final class MetricsPage {

    private MetricsPage() {
    }

    /**
     * The sum of a metric's series whose labels contain {@code labels} (e.g. {@code webhook="mutate"}; empty for every
     * series), 0 when it has none.
     */
    public static double sum(String page, String metric, String labels) {
        return page.lines().filter(line -> line.startsWith(metric + "{") && line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
