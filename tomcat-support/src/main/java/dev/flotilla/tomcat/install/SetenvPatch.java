package dev.flotilla.tomcat.install;

/**
 * Adds {@code -Dcustom.hostname=<this machine's or container's host name>} to {@code CATALINA_OPTS} in
 * {@code bin/setenv.sh}, once. The value is made folder-safe in the shell with the same rules as the jar
 * (so JULI, the access log and Logback agree). Pure.
 */
final class SetenvPatch {
    static final String MARKER = "# flotilla tomcat-support:";

    /** The block appended to (or making up) setenv.sh; POSIX sh, works in dash and busybox. */
    static final String BLOCK = MARKER + " every replica writes its logs into logs/<its host name>/\n"
            + "# HOSTNAME is exported by Docker; plain sh does not set it, hence the fallback to hostname(1).\n"
            + "FLOTILLA_HOST=$(printf '%s' \"${HOSTNAME:-$(hostname)}\" | tr -c 'A-Za-z0-9._-' '-' \\\n"
            + "  | sed -e 's/[.-]*-[.-]*/-/g' -e 's/\\.\\.*/./g' | cut -c1-64 | sed -e 's/^[.-]*//' -e 's/[.-]*$//')\n"
            + "CATALINA_OPTS=\"$CATALINA_OPTS -Dcustom.hostname=${FLOTILLA_HOST:-unknown-host}\"\n";

    static final class Result {
        final String text;
        final String change;

        Result(String text, String change) {
            this.text = text;
            this.change = change;
        }
    }

    private SetenvPatch() {
    }

    /** {@code existing} is null when there is no setenv.sh yet. {@code change} is null when nothing changes. */
    static Result apply(String existing) {
        if (existing == null) {
            return new Result("#!/bin/sh\n" + BLOCK, "created, passes -Dcustom.hostname in CATALINA_OPTS");
        }
        if (Texts.setsHostnameOption(existing)) {
            return new Result(existing, null);
        }
        String nl = Texts.newline(existing);
        String sep = existing.isEmpty() || existing.endsWith("\n") ? "" : nl;
        return new Result(existing + sep + nl + BLOCK.replace("\n", nl),
                "appended -Dcustom.hostname to CATALINA_OPTS");
    }
}
