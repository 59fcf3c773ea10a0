package dev.flotilla.tomcat.hostname;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostNameResolverTest {
    private final FakeLookups lookups = new FakeLookups();

    private Resolution resolve() {
        return new HostNameResolver(lookups).resolve();
    }

    @Test
    void anExistingPropertyWinsOverEverything() {
        lookups.props.put("custom.hostname", "preset");
        lookups.env.put("HOSTNAME", "from-env");
        lookups.localHostName = "from-dns";
        Resolution r = resolve();
        assertThat(r.value()).isEqualTo("preset");
        assertThat(r.source()).isEqualTo(Source.SYSTEM_PROPERTY);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void envHostnameComesBeforeTheLocalHostName() {
        lookups.env.put("HOSTNAME", "73da8c18225a");
        lookups.localHostName = "from-dns";
        assertThat(resolve().value()).isEqualTo("73da8c18225a");
        assertThat(resolve().source()).isEqualTo(Source.ENV_HOSTNAME);
    }

    @Test
    void aFailingLookupFallsBackToTheFirstNonLoopbackAddressAndSaysWhy() {
        lookups.unresolvable("ip-10-0-1-23");
        lookups.nonLoopback = "10.0.1.23";
        Resolution r = resolve();
        assertThat(r.value()).isEqualTo("10.0.1.23");
        assertThat(r.source()).isEqualTo(Source.NON_LOOPBACK_ADDRESS);
        assertThat(r.notes()).singleElement().asString()
                .contains("InetAddress.getLocalHost().getHostName() failed")
                .contains("UnknownHostException: ip-10-0-1-23: Name or service not known");
    }

    @Test
    void nothingAtAllGivesUnknownHost() {
        lookups.unresolvable("x");
        Resolution r = resolve();
        assertThat(r.value()).isEqualTo("unknown-host");
        assertThat(r.source()).isEqualTo(Source.FALLBACK);
        assertThat(r.describe()).contains("no source gave a usable name");
    }

    @Test
    void anUnsafeValueIsSanitisedWithAReadableNote() {
        lookups.env.put("HOSTNAME", "../../etc/cron.d");
        Resolution r = resolve();
        assertThat(r.value()).isEqualTo("etc-cron.d");
        assertThat(r.changed()).isTrue();
        assertThat(r.notes()).singleElement().asString()
                .contains("environment variable HOSTNAME '../../etc/cron.d' is not safe as a folder name")
                .contains("using 'etc-cron.d'");
    }

    @Test
    void aValueWithNothingUsableIsSkippedForTheNextSource() {
        lookups.env.put("HOSTNAME", "..");
        lookups.localHostName = "node7";
        Resolution r = resolve();
        assertThat(r.value()).isEqualTo("node7");
        assertThat(r.notes()).singleElement().asString().contains("'..' has nothing usable");
    }

    @Test
    void emptyValuesCountAsAbsent() {
        lookups.props.put("custom.hostname", "  ");
        lookups.env.put("HOSTNAME", "");
        lookups.localHostName = "node8";
        assertThat(resolve().value()).isEqualTo("node8");
        assertThat(resolve().notes()).isEmpty();
    }

    @Test
    void controlCharactersAreShownEscapedInNotes() {
        lookups.env.put("HOSTNAME", "web\u0007one");
        assertThat(resolve().describe()).contains("web\\u0007one").contains("'web-one'");
    }

    @Test
    void propertiesAreSetOnlyWhereAbsent() {
        lookups.env.put("HOSTNAME", "c0ffee123456");
        Map<String, String> props = new HashMap<>();
        props.put("hostName", "manual-recipe");
        List<String> lines = HostNames.apply(resolve(), map(props));
        assertThat(props).containsEntry("custom.hostname", "c0ffee123456").containsEntry("hostName", "manual-recipe");
        assertThat(lines).anyMatch(l -> l.equals("set custom.hostname=c0ffee123456"))
                .anyMatch(l -> l.startsWith("hostName already set to 'manual-recipe', kept"));
    }

    @Test
    void anUnsafeExistingPropertyIsKeptWithAWarningNamingTheFix() {
        lookups.props.put("custom.hostname", "a/b");
        Map<String, String> props = new HashMap<>();
        props.put("custom.hostname", "a/b");
        Resolution r = resolve();
        List<String> lines = HostNames.apply(r, map(props));
        assertThat(props).containsEntry("custom.hostname", "a/b").containsEntry("hostName", "a-b");
        assertThat(lines).anyMatch(l -> l.contains("WARNING") && l.contains("-Dcustom.hostname=a-b"));
    }

    @Test
    void theStartupReportSeparatesWarningsAndChecksTheFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path base)
            throws Exception {
        lookups.env.put("HOSTNAME", "x/y");
        Map<String, String> props = new HashMap<>();
        props.put("catalina.base", base.toString());
        java.nio.file.Files.createDirectories(base.resolve("logs"));
        java.nio.file.Files.writeString(base.resolve("logs/x-y"), "a file in the way");
        StartupReport report = StartupReport.run(resolve(), map(props));
        assertThat(report.hostName()).isEqualTo("x-y");
        assertThat(report.warnings()).anyMatch(l -> l.contains("not safe as a folder name"))
                .anyMatch(l -> l.contains("is a file, not a folder") && l.contains("remove or rename"));
        assertThat(report.warnings()).allMatch(l -> l.startsWith(StartupReport.WHO));
    }

    @Test
    void settingTheNameFromAWebappIsReportedAsTooLateWhenTomcatsOwnLogsUseIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path base)
            throws Exception {
        java.nio.file.Files.createDirectories(base.resolve("conf"));
        java.nio.file.Files.writeString(base.resolve("conf/logging.properties"),
                "1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs/${custom.hostname}\n");
        java.nio.file.Files.writeString(base.resolve("conf/server.xml"), "<Server><Valve directory=\"logs/${custom.hostname}\"/></Server>");
        Map<String, String> props = new HashMap<>();
        props.put("catalina.base", base.toString());
        props.put("java.util.logging.config.file", base.resolve("conf/logging.properties").toString());
        StartupReport late = StartupReport.run(resolve(), map(props));
        assertThat(late.warnings()).anyMatch(l -> l.contains("Tomcat started without -Dcustom.hostname")
                && l.contains("JULI (") && l.contains("the access log (") && l.contains("tomcat-support.jar install"));
        assertThat(props).containsKey("custom.hostname");

        Map<String, String> passed = new HashMap<>(props);
        passed.put("custom.hostname", "web-1");
        assertThat(StartupReport.run(resolve(), map(passed)).warnings()).as("-Dcustom.hostname was passed")
                .noneMatch(l -> l.contains("Tomcat started without"));
        Map<String, String> embedded = new HashMap<>();
        embedded.put("catalina.base", base.resolve("elsewhere").toString());
        assertThat(StartupReport.run(resolve(), map(embedded)).warnings()).as("nothing of Tomcat's uses it yet")
                .noneMatch(l -> l.contains("Tomcat started without"));
    }

    private static HostNames.Properties map(Map<String, String> m) {
        return new HostNames.Properties() {
            @Override
            public String get(String name) {
                return m.get(name);
            }

            @Override
            public void set(String name, String value) {
                m.put(name, value);
            }
        };
    }
}
