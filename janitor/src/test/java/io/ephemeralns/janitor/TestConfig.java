package io.ephemeralns.janitor;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A {@link JanitorConfig} with the defaults of {@link JanitorConfig} itself, overridable per test. */
class TestConfig implements JanitorConfig {

    /** {@code janitor.*} as the program's configuration maps these properties, converters and defaults included. */
    static JanitorConfig mapping(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(JanitorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(JanitorConfig.class);
    }

    private static final JanitorConfig DEFAULTS = mapping(Map.of());

    Duration interval = DEFAULTS.interval();
    boolean runOnce = DEFAULTS.runOnce();
    boolean dryRun = DEFAULTS.dryRun();
    double deletesPerSecond = DEFAULTS.deletesPerSecond();
    int deletionConcurrency = DEFAULTS.deletionConcurrency();
    int maxDeletionsPerSweep = DEFAULTS.maxDeletionsPerSweep();
    int pageSize = DEFAULTS.pageSize();
    Duration stuckAfter = DEFAULTS.stuckAfter();
    Duration podDrainTimeout = DEFAULTS.podDrainTimeout();
    Optional<Boolean> leaderElection = DEFAULTS.leaderElection().enabled();
    boolean requireAdmission = DEFAULTS.requireAdmission();
    Duration maxClockSkew = DEFAULTS.maxClockSkew();
    int maxRepairsPerSweep = DEFAULTS.stuck().maxRepairsPerSweep();
    String stuckRepair = DEFAULTS.stuck().repair();
    boolean watch = DEFAULTS.watch();
    Duration relistInterval = DEFAULTS.relistInterval();

    static TestConfig defaults() {
        return new TestConfig();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public boolean watch() {
        return watch;
    }

    @Override
    public boolean capacity() {
        return true;
    }

    @Override
    public Duration capacityInterval() {
        return DEFAULTS.capacityInterval();
    }

    @Override
    public Duration relistInterval() {
        return relistInterval;
    }

    @Override
    public boolean runOnce() {
        return runOnce;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public double deletesPerSecond() {
        return deletesPerSecond;
    }

    @Override
    public int deletionConcurrency() {
        return deletionConcurrency;
    }

    @Override
    public int maxDeletionsPerSweep() {
        return maxDeletionsPerSweep;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public Duration stuckAfter() {
        return stuckAfter;
    }

    @Override
    public Duration podDrainTimeout() {
        return podDrainTimeout;
    }

    @Override
    public boolean requireAdmission() {
        return requireAdmission;
    }

    @Override
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    @Override
    public TeardownConfig teardown() {
        return DEFAULTS.teardown();
    }

    @Override
    public StorageConfig storage() {
        return DEFAULTS.storage();
    }

    @Override
    public WarnConfig warn() {
        return DEFAULTS.warn();
    }

    @Override
    public LeftoversConfig leftovers() {
        return DEFAULTS.leftovers();
    }

    @Override
    public CaptureConfig capture() {
        return DEFAULTS.capture();
    }

    @Override
    public SleepConfig sleep() {
        return DEFAULTS.sleep();
    }

    @Override
    public StuckConfig stuck() {
        return new StuckConfig() {
            @Override
            public String repair() {
                return stuckRepair;
            }

            @Override
            public Duration forceAfter() {
                return DEFAULTS.stuck().forceAfter();
            }

            @Override
            public String finalizerAllow() {
                return DEFAULTS.stuck().finalizerAllow();
            }

            @Override
            public Optional<String> finalizerDeny() {
                return DEFAULTS.stuck().finalizerDeny();
            }

            @Override
            public int maxRepairsPerSweep() {
                return maxRepairsPerSweep;
            }
        };
    }

    @Override
    public LeaderElectionConfig leaderElection() {
        return new LeaderElectionConfig() {
            @Override
            public Optional<Boolean> enabled() {
                return leaderElection;
            }

            @Override
            public String leaseName() {
                return DEFAULTS.leaderElection().leaseName();
            }

            @Override
            public Optional<String> leaseNamespace() {
                return DEFAULTS.leaderElection().leaseNamespace();
            }

            @Override
            public Duration leaseDuration() {
                return DEFAULTS.leaderElection().leaseDuration();
            }

            @Override
            public Duration renewDeadline() {
                return DEFAULTS.leaderElection().renewDeadline();
            }

            @Override
            public Duration retryPeriod() {
                return DEFAULTS.leaderElection().retryPeriod();
            }
        };
    }
}
