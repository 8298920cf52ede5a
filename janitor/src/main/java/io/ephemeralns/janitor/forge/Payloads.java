package io.ephemeralns.janitor.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/**
 * Reads a delivery's event name and JSON body into a {@link Reading}, for the events the forges document:
 * <ul>
 *   <li>GitHub {@code pull_request} with {@code action: closed} (merged or not): the pull request's {@code number};</li>
 *   <li>GitHub {@code delete} with {@code ref_type: branch}: the branch {@code ref};</li>
 *   <li>GitHub {@code push} with {@code deleted: true} on {@code refs/heads/...}: the branch;</li>
 *   <li>GitLab {@code Merge Request Hook} with {@code object_attributes.action} {@code close} or {@code merge}: the
 *       merge request's {@code iid};</li>
 *   <li>GitLab {@code Push Hook} on {@code refs/heads/...} whose {@code after} is all zeros (a deleted branch).</li>
 * </ul>
 * The repository is GitHub's {@code repository.full_name} or GitLab's {@code project.path_with_namespace}. Every other
 * event, action or ref (tags) is {@link Reading.Outcome#IGNORED}; a body that is not JSON, or one of these events
 * without its fields, is {@link Reading.Outcome#MALFORMED}.
 */
public final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADS = "refs/heads/";
    private static final Pattern ZEROS = Pattern.compile("0{40}|0{64}");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,9}");

    private Payloads() {
    }

    /** Reads one delivery; {@code event} is the forge's event header, null when absent. */
    public static Reading read(Forge forge, String event, byte[] body) {
        if (event == null || event.isBlank()) {
            return Reading.malformed("no " + forge.eventHeader() + " header");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Reading.malformed("the body is not JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            return Reading.malformed("the body cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            return Reading.malformed("the body is not a JSON object");
        }
        return forge == Forge.GITHUB ? github(event, root) : gitlab(event, root);
    }

    private static Reading github(String event, JsonNode root) {
        switch (event) {
            case "pull_request": {
                String action = text(root, "action");
                if (!"closed".equals(action)) {
                    return action == null ? Reading.malformed("pull_request without action")
                            : Reading.ignored("pull_request action " + action + " (only closed ends a pull request)");
                }
                String repository = text(root.path("repository"), "full_name");
                String number = root.path("number").isIntegralNumber() ? root.path("number").asText() : null;
                return pullRequest(repository, number, "repository.full_name", "number");
            }
            case "delete": {
                String repository = text(root.path("repository"), "full_name");
                String refType = text(root, "ref_type");
                if (refType != null && !"branch".equals(refType)) {
                    return Reading.ignored("delete of a " + refType + " (only branches are torn down)");
                }
                return branch(repository, text(root, "ref"), "repository.full_name", "ref");
            }
            case "push": {
                if (!root.path("deleted").asBoolean(false)) {
                    return Reading.ignored("push that deletes nothing");
                }
                return pushedRef(text(root.path("repository"), "full_name"), text(root, "ref"), "repository.full_name");
            }
            default:
                return Reading.ignored("GitHub event " + printable(event) + " (handled: pull_request, delete, push)");
        }
    }

    private static Reading gitlab(String event, JsonNode root) {
        switch (event) {
            case "Merge Request Hook": {
                String action = text(root.path("object_attributes"), "action");
                if (!"close".equals(action) && !"merge".equals(action)) {
                    return action == null ? Reading.malformed("Merge Request Hook without object_attributes.action")
                            : Reading.ignored("merge request action " + action + " (only close and merge end one)");
                }
                String repository = text(root.path("project"), "path_with_namespace");
                JsonNode iid = root.path("object_attributes").path("iid");
                return pullRequest(repository, iid.isIntegralNumber() ? iid.asText() : null, "project.path_with_namespace",
                        "object_attributes.iid");
            }
            case "Push Hook": {
                String after = text(root, "after");
                if (after == null) {
                    return Reading.malformed("Push Hook without after");
                }
                if (!ZEROS.matcher(after).matches()) {
                    return Reading.ignored("push that deletes nothing (after is not all zeros)");
                }
                return pushedRef(text(root.path("project"), "path_with_namespace"), text(root, "ref"),
                        "project.path_with_namespace");
            }
            default:
                return Reading.ignored("GitLab event " + printable(event) + " (handled: Merge Request Hook, Push Hook)");
        }
    }

    private static Reading pullRequest(String repository, String number, String repositoryField, String numberField) {
        if (repository == null || !repository.contains("/")) {
            return Reading.malformed("no " + repositoryField + " of the form owner/name");
        }
        if (number == null || !NUMBER.matcher(number).matches()) {
            return Reading.malformed("no positive " + numberField);
        }
        return Reading.ending(new Ending(repository, Ending.Kind.PULL_REQUEST, number));
    }

    private static Reading pushedRef(String repository, String ref, String repositoryField) {
        if (ref == null) {
            return Reading.malformed("push without ref");
        }
        if (!ref.startsWith(HEADS)) {
            return Reading.ignored("deleted ref " + printable(ref) + " is not a branch");
        }
        return branch(repository, ref.substring(HEADS.length()), repositoryField, "ref");
    }

    private static Reading branch(String repository, String branch, String repositoryField, String refField) {
        if (repository == null || !repository.contains("/")) {
            return Reading.malformed("no " + repositoryField + " of the form owner/name");
        }
        if (branch == null || branch.isBlank() || LabelValues.branch(branch).isEmpty()) {
            return Reading.malformed("no branch name in " + refField);
        }
        return Reading.ending(new Ending(repository, Ending.Kind.BRANCH, branch));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** A header or ref echoed back in a message: bounded, printable ASCII only. */
    public static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
