package dev.flotilla.orchestrator.pki;

import java.util.Locale;

/** The role a node certificate grants, written as its OU. */
public enum CertRole {
    MANAGER, WORKER;

    public String unit() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by an OU, or null when the OU is not one of ours. */
    public static CertRole ofUnit(String ou) {
        for (CertRole r : values()) {
            if (r.unit().equals(ou)) {
                return r;
            }
        }
        return null;
    }
}
