package io.ephemeralns.e2e;

import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit parameter resolver for a suite's environment: started once per test run, on first use, from the
 * repository's root, shared by every test class of the run, and closed when the run ends. Starting a cluster costs
 * minutes, so both suites (the local control plane's and the real node's) share theirs this way.
 *
 * @param <T> the environment
 */
public abstract class OncePerRun<T extends AutoCloseable> implements ParameterResolver {

    private final Class<T> type;
    private final Function<Path, T> start;

    protected OncePerRun(Class<T> type, Function<Path, T> start) {
        this.type = type;
        this.start = start;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(type, key -> new Closing(start.apply(repo())), Closing.class)
                .environment;
    }

    /** The repository's root (the build passes it as system property {@code e2e.repo}). */
    public static Path repo() {
        String repo = System.getProperty("e2e.repo");
        return Path.of(repo == null ? ".." : repo).toAbsolutePath().normalize();
    }

    /** Closes the environment when the test run ends (JUnit closes the AutoCloseable values of its root store). */
    private record Closing(AutoCloseable environment) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            environment.close();
        }
    }
}
