package dev.flotilla.orchestrator.spec;

import java.util.Locale;

/** The words of the update and rollback policy flags, each refused with the values it takes. */
final class PolicyWords {
    private PolicyWords() {
    }

    static UpdatePolicy.FailureAction failureAction(String flag, String text, boolean rollbackAllowed) {
        String word = normal(text);
        for (UpdatePolicy.FailureAction a : UpdatePolicy.FailureAction.values()) {
            if (a.word().equals(word) && (rollbackAllowed || a != UpdatePolicy.FailureAction.ROLLBACK)) {
                return a;
            }
        }
        throw new SpecException("invalid " + flag + " '" + text + "': use "
                + (rollbackAllowed ? "pause, continue or rollback" : "pause or continue"));
    }

    static UpdatePolicy.Order order(String flag, String text) {
        String word = normal(text);
        for (UpdatePolicy.Order o : UpdatePolicy.Order.values()) {
            if (o.word().equals(word)) {
                return o;
            }
        }
        throw new SpecException("invalid " + flag + " '" + text + "': use stop-first or start-first");
    }

    static double ratio(String flag, String text) {
        try {
            double r = Double.parseDouble(text.strip());
            if (r >= 0 && r <= 1) {
                return r;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new SpecException("invalid " + flag + " '" + text + "': give a fraction of the tasks between 0 and 1,"
                + " for example " + flag + " 0.2");
    }

    private static String normal(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
