package io.ephemeralns.janitor.capture;

import io.ephemeralns.common.Ttl;
import java.time.Duration;

/**
 * What became of a namespace's capture before its deletion, as the deletion's {@code Deleted} Event says it
 * ({@link #eventText()}).
 *
 * @param outcome  what happened
 * @param archive  the archive's name, null when none was written
 * @param location where it is ({@link ArchiveStore#location}), null when none
 * @param detail   the failure, the malformed label value, the timeout; null otherwise
 */
public record CaptureResult(Outcome outcome, String archive, String location, String detail) {

    /** What happened. */
    public enum Outcome {
        /** Not asked for (or capture off): nothing to say. */
        NOT_CAPTURED,
        /** The label {@code capture} holds a malformed value: not captured. */
        MALFORMED_LABEL,
        /** Written whole. */
        CAPTURED,
        /** Written, with entries cut by {@code janitor.capture.max-bytes} or unreadable. */
        TRUNCATED,
        /** Not written (the store failed, no thread free); the namespace is deleted anyway. */
        FAILED,
        /** Not finished within {@code janitor.capture.timeout}; the namespace is deleted anyway. */
        TIMED_OUT
    }

    /** Nothing captured, nothing to say. */
    public static final CaptureResult NONE = new CaptureResult(Outcome.NOT_CAPTURED, null, null, null);

    /** The label held a malformed value. */
    public static CaptureResult malformed(String value) {
        return new CaptureResult(Outcome.MALFORMED_LABEL, null, null, value);
    }

    /** The archive was written. */
    public static CaptureResult written(CaptureReport report, String location) {
        boolean whole = !report.truncated() && report.readErrors() == 0 && !report.cutShort();
        return new CaptureResult(whole ? Outcome.CAPTURED : Outcome.TRUNCATED, report.archive(), location,
                whole ? null : describe(report));
    }

    /** It failed. */
    public static CaptureResult failed(String why) {
        return new CaptureResult(Outcome.FAILED, null, null, why);
    }

    /** It timed out; the archive may still be committed, cut short. */
    public static CaptureResult timedOut(String archive, String location, Duration timeout) {
        return new CaptureResult(Outcome.TIMED_OUT, archive, location, "janitor.capture.timeout=" + Ttl.format(timeout));
    }

    /** True when a person should be told with a Warning Event ({@code CaptureFailed}). */
    public boolean failedOrTimedOut() {
        return outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT;
    }

    /** What the {@code Deleted} Event adds after its account of the deletion; empty when nothing was asked. */
    public String eventText() {
        return switch (outcome) {
            case NOT_CAPTURED -> "";
            case MALFORMED_LABEL -> "; not captured: label capture=\"" + detail + "\" is neither true nor false";
            case CAPTURED -> "; captured to archive " + archive + " (" + location + ")";
            case TRUNCATED -> "; captured to archive " + archive + " (" + location + "), incomplete: " + detail
                    + ", see its CAPTURE.txt";
            case FAILED -> "; capture failed (" + detail + "), deleted anyway";
            case TIMED_OUT -> "; capture not finished within " + detail + ", deleted anyway; archive " + archive + " ("
                    + location + ") is cut short or missing";
        };
    }

    /** The {@code CaptureFailed} Event's message, for {@link #failedOrTimedOut()} results. */
    public String warningText() {
        return outcome == Outcome.TIMED_OUT
                ? "capture before deletion not finished within " + detail + "; archive " + archive + " (" + location
                        + ") is cut short or missing; the namespace is deleted anyway"
                : "capture before deletion failed: " + detail + "; the namespace is deleted anyway";
    }

    private static String describe(CaptureReport report) {
        StringBuilder text = new StringBuilder();
        if (report.truncated()) {
            text.append("truncated at janitor.capture.max-bytes");
        }
        if (report.readErrors() > 0) {
            text.append(text.length() > 0 ? ", " : "").append(report.readErrors()).append(" reads failed");
        }
        if (report.cutShort()) {
            text.append(text.length() > 0 ? ", " : "").append("cut short by janitor.capture.timeout");
        }
        return text.toString();
    }
}
