package io.ephemeralns.webhook.baseline;

/** A baseline profiles file that cannot be used; the message names the file, the document and the reason. */
public final class ProfileFileException extends IllegalArgumentException {

    public ProfileFileException(String file, String document, String reason) {
        super("baseline profiles file " + file + (document == null ? "" : ", " + document) + ": " + reason);
    }
}
