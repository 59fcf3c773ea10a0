package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowFormatTest {
    private static final List<String[]> ROWS = List.of(
            new String[] {"ID", "NAME", "DESIRED STATE", "CURRENT STATE"},
            new String[] {"t1", "web.1", "Running", "Running 2 minutes ago"},
            new String[] {"t2", " \\_ web.1", "Shutdown", "Failed 3 minutes ago"});

    private static String print(String format) {
        StringWriter out = new StringWriter();
        RowFormat.parseOrNull(format).print(new PrintWriter(out), ROWS);
        return out.toString();
    }

    @Test
    void aTemplateGivesOneLinePerRowWithoutHeader() {
        assertThat(print("{{.Name}} is {{.DesiredState}}")).isEqualTo("web.1 is Running\n \\_ web.1 is Shutdown\n");
        assertThat(print("{{ .ID }}")).as("spaces inside the braces, as Go allows").isEqualTo("t1\nt2\n");
        assertThat(print("{{.id}}:{{.currentstate}}")).as("field names ignore case")
                .isEqualTo("t1:Running 2 minutes ago\nt2:Failed 3 minutes ago\n");
    }

    @Test
    void tableTemplatesAlignTheirColumnsUnderAHeader() {
        assertThat(print("table {{.ID}}\\t{{.DesiredState}}").split("\n")).containsExactly(
                "ID   DESIRED STATE", "t1   Running", "t2   Shutdown");
    }

    @Test
    void plainFormatsAreNotTemplatesAndMistakesSayWhatIsAllowed() {
        assertThat(RowFormat.parseOrNull("table")).isNull();
        assertThat(RowFormat.parseOrNull("json")).isNull();
        assertThatThrownBy(() -> RowFormat.parseOrNull("yaml")).hasMessageContaining("use table, json, or a template");
        assertThatThrownBy(() -> RowFormat.parseOrNull("{{json .}}")).hasMessageContaining("{{json .}} is not supported");
        assertThatThrownBy(() -> RowFormat.parseOrNull("{{.Name")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> print("{{.Colour}}")).hasMessageContaining("no field {{.Colour}}")
                .hasMessageContaining("{{.ID}}, {{.Name}}, {{.DesiredState}}, {{.CurrentState}}");
    }

    @Test
    void headerCellsBecomeDockersFieldNames() {
        assertThat(RowFormat.fieldName("MANAGER STATUS")).isEqualTo("ManagerStatus");
        assertThat(RowFormat.fieldName("ID")).isEqualTo("ID");
        assertThat(RowFormat.fieldName("PORTS")).isEqualTo("Ports");
    }
}
