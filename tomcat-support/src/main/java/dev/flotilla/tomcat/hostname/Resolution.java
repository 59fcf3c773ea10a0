package dev.flotilla.tomcat.hostname;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of host name resolution: the safe folder name, where it came from, the raw value before sanitising,
 * and readable notes for every source that was skipped or every value that had to change. Immutable.
 */
public final class Resolution {
    private final String value;
    private final Source source;
    private final String raw;
    private final List<String> notes;

    public Resolution(String value, Source source, String raw, List<String> notes) {
        this.value = value;
        this.source = source;
        this.raw = raw;
        this.notes = Collections.unmodifiableList(new ArrayList<String>(notes));
    }

    /** The folder-safe host name, never empty. */
    public String value() {
        return value;
    }

    public Source source() {
        return source;
    }

    /** The value as the source gave it, before sanitising. */
    public String raw() {
        return raw;
    }

    /** True when sanitising changed the value the source gave. */
    public boolean changed() {
        return !value.equals(raw);
    }

    /** Readable explanations (skipped sources, changed values); empty when the first source was clean. */
    public List<String> notes() {
        return notes;
    }

    /** One line a user can read: the name, its source and any notes. */
    public String describe() {
        StringBuilder sb = new StringBuilder("host name '").append(value).append("' from ").append(source.description());
        for (String note : notes) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
