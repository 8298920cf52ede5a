package io.ephemeralns.janitor.stuck;

/**
 * The finalizer patches one sweep may still make ({@code janitor.stuck.max-repairs-per-sweep}), shared by all
 * its stuck namespaces, so that thousands of blocked objects never stall a sweep (and every deletion behind it)
 * for hours: the rest wait for the next sweep, counted as pending.
 */
public final class RepairBudget {

    private int left;

    public RepairBudget(int repairs) {
        this.left = Math.max(0, repairs);
    }

    /** Takes one repair; false when the budget is spent. */
    public boolean take() {
        if (left == 0) {
            return false;
        }
        left--;
        return true;
    }

    /** Repairs left. */
    public int left() {
        return left;
    }
}
