package dev.flotilla.tomcat.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatchTest {
    static final String LOGGING = String.join("\n",
            "# comment kept",
            "handlers = 1catalina.org.apache.juli.AsyncFileHandler, 2localhost.org.apache.juli.FileHandler, \\",
            "    java.util.logging.ConsoleHandler",
            ".handlers = 1catalina.org.apache.juli.AsyncFileHandler",
            "1catalina.org.apache.juli.AsyncFileHandler.level = ALL",
            "1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs/  ",
            "1catalina.org.apache.juli.AsyncFileHandler.prefix = catalina.",
            "2localhost.org.apache.juli.FileHandler.prefix = localhost.",
            "org.apache.catalina.core.ContainerBase.[Catalina].[localhost].handlers = 2localhost.org.apache.juli.FileHandler",
            "");

    @Test
    void loggingPropertiesGetsThePlaceholderAndKeepsEverythingElse() throws Refusal {
        LoggingPropertiesPatch.Result r = LoggingPropertiesPatch.apply(LOGGING);
        assertThat(r.text).contains("# comment kept")
                .contains("1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs/${custom.hostname}\n")
                .contains("2localhost.org.apache.juli.FileHandler.prefix = localhost.\n"
                        + "2localhost.org.apache.juli.FileHandler.directory = ${catalina.base}/logs/${custom.hostname}\n");
        assertThat(r.changes).hasSize(2);
        LoggingPropertiesPatch.Result again = LoggingPropertiesPatch.apply(r.text);
        assertThat(again.text).isEqualTo(r.text);
        assertThat(again.changes).isEmpty();
    }

    @Test
    void windowsLineEndingsStay() throws Refusal {
        String crlf = LOGGING.replace("\n", "\r\n");
        String out = LoggingPropertiesPatch.apply(crlf).text;
        assertThat(out.replace("\r\n", "")).doesNotContain("\n");
        assertThat(out).contains("logs/${custom.hostname}\r\n");
    }

    @Test
    void unknownHandlersAreRefusedWithTheFix() {
        String custom = "handlers = java.util.logging.FileHandler, com.acme.KafkaHandler\n"
                + "java.util.logging.FileHandler.pattern = /var/log/app%u.log\n";
        assertThatThrownBy(() -> LoggingPropertiesPatch.apply(custom)).isInstanceOf(Refusal.class)
                .hasMessageContaining("com.acme.KafkaHandler, java.util.logging.FileHandler")
                .hasMessageContaining("changes nothing")
                .hasMessageContaining("${catalina.base}/logs/${custom.hostname}");
    }

    @Test
    void aContinuedDirectoryLineIsRefused() {
        String text = "handlers = 1a.org.apache.juli.FileHandler\n1a.org.apache.juli.FileHandler.directory = /var/\\\n  log\n";
        assertThatThrownBy(() -> LoggingPropertiesPatch.apply(text)).hasMessageContaining("continues on the next line");
    }

    static final String SERVER = String.join("\n",
            "<?xml version='1.0' encoding='utf-8'?>",
            "<Server port=\"8005\" shutdown=\"SHUTDOWN\"><Service name=\"Catalina\"><Engine name=\"Catalina\" defaultHost=\"localhost\">",
            "<Host name=\"localhost\" appBase=\"webapps\">",
            "  <!-- <Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory=\"commented\"/> -->",
            "  <Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory='logs/'",
            "         prefix=\"localhost_access_log\" suffix=\".txt\" pattern=\"%h &quot;%r&quot; > %s\" />",
            "  <Valve className=\"org.apache.catalina.valves.RemoteIpValve\"/>",
            "  <Valve className=\"org.apache.catalina.valves.ExtendedAccessLogValve\" prefix=\"ext\"/>",
            "</Host></Engine></Service></Server>",
            "");

    @Test
    void serverXmlEditsOnlyTheDirectoryAttributes() throws Refusal {
        ServerXmlPatch.Result r = ServerXmlPatch.apply(SERVER, false);
        assertThat(r.text).contains("directory='logs/${custom.hostname}'")
                .contains("className=\"org.apache.catalina.valves.ExtendedAccessLogValve\" directory=\"logs/${custom.hostname}\" prefix=\"ext\"")
                .contains("directory=\"commented\"")
                .contains("pattern=\"%h &quot;%r&quot; > %s\"");
        assertThat(r.changes).hasSize(2);
        assertThat(ServerXmlPatch.apply(r.text, false).text).isEqualTo(r.text);
    }

    @Test
    void aServerXmlWithoutAccessLogIsRefusedUnlessAccepted() throws Refusal {
        String none = SERVER.replaceAll("(?s)  <Valve className=\"org.apache.catalina.valves.AccessLogValve\".*?/>\n", "")
                .replace("  <Valve className=\"org.apache.catalina.valves.ExtendedAccessLogValve\" prefix=\"ext\"/>\n", "");
        assertThatThrownBy(() -> ServerXmlPatch.apply(none, false)).isInstanceOf(Refusal.class)
                .hasMessageContaining("no AccessLogValve").hasMessageContaining("--no-access-log");
        assertThat(ServerXmlPatch.apply(none, true).text).isEqualTo(none);
    }

    @Test
    void malformedXmlIsRefusedWithTheLine() {
        assertThatThrownBy(() -> ServerXmlPatch.apply("<Server>\n<Service>\n</Server>", false))
                .hasMessageContaining("not well-formed XML (line 3");
    }

    @Test
    void setenvIsAppendedOnceAndAnExistingOptionIsRespected() {
        SetenvPatch.Result created = SetenvPatch.apply(null);
        assertThat(created.text).startsWith("#!/bin/sh\n").contains("CATALINA_OPTS=\"$CATALINA_OPTS -Dcustom.hostname=");
        SetenvPatch.Result appended = SetenvPatch.apply("JAVA_OPTS=-Xmx1g");
        assertThat(appended.text).startsWith("JAVA_OPTS=-Xmx1g\n\n# flotilla");
        assertThat(SetenvPatch.apply(appended.text).change).isNull();
        assertThat(SetenvPatch.apply("JAVA_OPTS=\"-Dcustom.hostname=$HOSTNAME\"\n").change).isNull();
        // a mention in a comment does not pass the option: the block is still appended
        assertThat(SetenvPatch.apply("#!/bin/sh\n# TODO: add -Dcustom.hostname later\nJAVA_OPTS=\"-Xmx1g\"\n").change)
                .isEqualTo("appended -Dcustom.hostname to CATALINA_OPTS");
        assertThat(SetenvPatch.apply("  #CATALINA_OPTS=\"-Dcustom.hostname=old\"\n").change).isNotNull();
        assertThat(SetenvPatch.apply("JAVA_OPTS=-Xmx1g # later: -Dcustom.hostname=x\n").change).isNotNull();
        assertThat(SetenvPatch.apply("CATALINA_OPTS=\"$CATALINA_OPTS -Dcustom.hostname=a#b\"\n").change)
                .as("a # inside a word is not a comment").isNull();
    }

    @Test
    void dryRunDiffShowsTheChangedLines() throws Refusal {
        String diff = LineDiff.unified(LOGGING, LoggingPropertiesPatch.apply(LOGGING).text, "conf/logging.properties");
        assertThat(diff).contains("-1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs/  ")
                .contains("+1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs/${custom.hostname}")
                .contains("+2localhost.org.apache.juli.FileHandler.directory").doesNotContain("-# comment kept");
    }
}
