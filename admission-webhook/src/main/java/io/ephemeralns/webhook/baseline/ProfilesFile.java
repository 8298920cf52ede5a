package io.ephemeralns.webhook.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the baseline profiles file ({@code webhook.profiles-file}), or the one shipped in the program. */
public final class ProfilesFile {

    /** The classpath resource used when {@code webhook.profiles-file} is not set. */
    public static final String SHIPPED = "baseline-profiles.yaml";

    private ProfilesFile() {
    }

    /** Reads the configured profiles file, or the shipped one, with the default settings and no own namespace. */
    public static BaselineProfiles load(Optional<String> file) {
        return load(file, ProfileSettings.defaults(Optional.empty()));
    }

    /** Reads the configured profiles file, or the shipped one; any problem names the file. */
    public static BaselineProfiles load(Optional<String> file, ProfileSettings settings) {
        if (file.isPresent() && !file.get().isBlank()) {
            Path path = Path.of(file.get().trim());
            try {
                return BaselineProfiles.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8), settings);
            } catch (IOException e) {
                throw new ProfileFileException(path.toString(), null, "cannot be read (" + e + ")");
            }
        }
        try (InputStream in = ProfilesFile.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new ProfileFileException("classpath:" + SHIPPED, null, "is missing from the program");
            }
            return BaselineProfiles.parse("classpath:" + SHIPPED, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    settings);
        } catch (IOException e) {
            throw new ProfileFileException("classpath:" + SHIPPED, null, "cannot be read (" + e + ")");
        }
    }
}
