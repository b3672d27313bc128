package io.machinarium.samples.proxy;

/** How the proxy picks a backend for a new client ({@code --balance}). */
public enum Balance {
    /** Each new client goes to the next backend in turn. */
    ROUND_ROBIN("round-robin"),
    /** Each new client goes to the backend with the fewest open connections (ties in turn). */
    LEAST_CONN("least-conn");

    private final String option;

    Balance(String option) {
        this.option = option;
    }

    /** @return the spelling on the command line */
    public String option() {
        return option;
    }

    /**
     * Finds a policy by its command-line spelling.
     *
     * @param text {@code round-robin} or {@code least-conn}
     * @return the policy, or null if there is none of that name
     */
    public static Balance of(String text) {
        for (Balance b : values()) {
            if (b.option.equals(text)) {
                return b;
            }
        }
        return null;
    }
}
