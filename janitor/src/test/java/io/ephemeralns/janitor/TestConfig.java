package io.ephemeralns.janitor;

import java.util.Optional;

/** A {@link JanitorConfig} with the documented defaults, overridable per test. */
class TestConfig implements JanitorConfig {

    String interval = "60s";
    boolean runOnce;
    boolean dryRun;
    double deletesPerSecond = 5;
    int maxDeletionsPerSweep = 50;
    int pageSize = 500;
    String stuckAfter = "15m";
    String podDrainTimeout = "2m";
    Optional<Boolean> leaderElection = Optional.empty();
    boolean requireAdmission = true;
    String maxClockSkew = "30s";
    int maxRepairsPerSweep = 200;

    static TestConfig defaults() {
        return new TestConfig();
    }

    @Override
    public String interval() {
        return interval;
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
    public int maxDeletionsPerSweep() {
        return maxDeletionsPerSweep;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String stuckAfter() {
        return stuckAfter;
    }

    @Override
    public String podDrainTimeout() {
        return podDrainTimeout;
    }

    @Override
    public boolean requireAdmission() {
        return requireAdmission;
    }

    @Override
    public String maxClockSkew() {
        return maxClockSkew;
    }

    String stuckRepair = "finalizers";

    @Override
    public StuckConfig stuck() {
        return new StuckConfig() {
            @Override
            public String repair() {
                return stuckRepair;
            }

            @Override
            public String forceAfter() {
                return "1h";
            }

            @Override
            public String finalizerAllow() {
                return ".*";
            }

            @Override
            public Optional<String> finalizerDeny() {
                return Optional.empty();
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
                return "ephemeral-ns-janitor";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.empty();
            }

            @Override
            public String leaseDuration() {
                return "15s";
            }

            @Override
            public String renewDeadline() {
                return "10s";
            }

            @Override
            public String retryPeriod() {
                return "2s";
            }
        };
    }
}
