package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FiltersTest {
    record Item(String name, String kind, Map<String, String> labels) {
    }

    private static final Item WEB = new Item("web", "a", Map.of("tier", "front", "team", "x"));
    private static final Item WEB2 = new Item("web-2", "b", Map.of("tier", "back"));
    private static final Item API = new Item("api", "a", Map.of());
    private static final List<Item> ALL = List.of(WEB, WEB2, API);

    private static Filters<Item> filters(String... raw) {
        return Filters.<Item>parse(List.of(raw), List.of("name", "kind", "label"), (key, value, i) -> switch (key) {
            case "name" -> i.name().startsWith(value);
            case "kind" -> i.kind().equals(value);
            default -> Filters.label(value, i.labels());
        }).oneOf("kind", Set.of("a", "b"));
    }

    @Test
    void alternativesWithinAKeyAndAllKeysTogether() {
        assertThat(filters().apply(ALL)).isEqualTo(ALL);
        assertThat(filters("name=web").apply(ALL)).containsExactly(WEB, WEB2);
        assertThat(filters("name=web", "kind=a").apply(ALL)).containsExactly(WEB);
        assertThat(filters("name=api", "name=web-").apply(ALL)).containsExactly(WEB2, API);
    }

    @Test
    void labelsMatchByKeyOrByKeyAndValue() {
        assertThat(filters("label=tier").apply(ALL)).containsExactly(WEB, WEB2);
        assertThat(filters("label=tier=back").apply(ALL)).containsExactly(WEB2);
        assertThat(filters("label=tier=", "label=team").apply(ALL)).containsExactly(WEB);
    }

    @Test
    void badFiltersNameTheKeysAndValuesAllowed() {
        assertThatThrownBy(() -> filters("colour=red")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--filter \"colour=red\": unknown key colour; use name, kind or label");
        assertThatThrownBy(() -> filters("kind=c")).hasMessage("--filter \"kind=c\": use kind=a|b");
        assertThatThrownBy(() -> filters("web")).hasMessageContaining("write KEY=VALUE, for example name=...");
    }
}
