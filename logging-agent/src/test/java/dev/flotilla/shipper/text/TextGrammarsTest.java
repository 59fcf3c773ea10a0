package dev.flotilla.shipper.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one grammar per written value: durations, byte sizes, host:port. */
class TextGrammarsTest {

    @Test
    void durationsFollowFilebeatNotation() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0.1s")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse(" 5s ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("0ms")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("5")).isNull();
        assertThat(Durations.parse("5 s")).isNull();
        assertThat(Durations.parse("s")).isNull();
        assertThat(Durations.parse("-5s")).isNull();
        assertThat(Durations.parse("99999999999999999999h")).as("beyond what a Duration holds").isNull();
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void durationUnitsAreReadInAnyCaseAsTheReceiverAlwaysDid() {
        assertThat(Durations.parse("5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("500MS")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void notADurationSaysHowToWriteOne() {
        assertThat(Durations.require("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> Durations.require("5 sec"))
                .hasMessage("'5 sec' is not a duration; write a number and a unit: 500ms, 5s, 2m, 1h30m (or 0)");
    }

    @Test
    void sizesAreBytesOrANumberWithADecimalOrBinaryUnit() {
        assertThat(Sizes.parse("1048576")).isEqualTo(1_048_576L);
        assertThat(Sizes.parse("512KiB")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("1MiB")).isEqualTo(1024L * 1024);
        assertThat(Sizes.parse("10MB")).isEqualTo(10_000_000L);
        assertThat(Sizes.parse("2 gib")).isEqualTo(2L << 30);
        assertThat(Sizes.parse("16 MiB ")).isEqualTo(16L << 20);
        assertThat(Sizes.parse("1.5MiB")).isNull();
        assertThat(Sizes.parse("MiB")).isNull();
        assertThat(Sizes.parse("-1")).isNull();
        assertThat(Sizes.parse("99999999999GiB")).as("beyond a long").isNull();
        assertThatThrownBy(() -> Sizes.require("lots"))
                .hasMessage("'lots' is not a size; write a number of bytes, optionally with a unit: 1048576, 512KiB, 1MiB");
    }

    @Test
    void hostsParseWithDefaultPortAndBracketedIpv6() {
        assertThat(HostPort.parse("logstash")).isEqualTo(new HostPort("logstash", HostPort.DEFAULT_BEATS_PORT));
        assertThat(HostPort.parse("logstash", 6000)).isEqualTo(new HostPort("logstash", 6000));
        assertThat(HostPort.parse(" 10.0.0.5:5045 ", 5044)).isEqualTo(new HostPort("10.0.0.5", 5045));
        assertThat(HostPort.parse("[::1]:5046", 5044)).isEqualTo(new HostPort("::1", 5046));
        assertThat(HostPort.parse("[fe80::1%eth0]", 5044)).isEqualTo(new HostPort("fe80::1%eth0", 5044));
        assertThat(HostPort.parse("[fe80::1]:6000").toString()).isEqualTo("[fe80::1]:6000");
        assertThat(new HostPort("::1", 5044)).hasToString("[::1]:5044");
        assertThat(HostPort.parseListen("127.0.0.1:0", 5044).port()).isZero();
        assertThat(HostPort.parseListen("[::1]:0", -1)).isEqualTo(new HostPort("::1", 0));
    }

    @Test
    void badHostsAreRefusedWithTheTextWhatIsWrongAndHowToWriteIt() {
        assertThatThrownBy(() -> HostPort.parse("::1:5044", 5044))
                .hasMessage("'::1:5044' is not a valid host:port: an IPv6 address must be bracketed, as in [::1]:5044");
        assertThatThrownBy(() -> HostPort.parse("fe80::2")).hasMessageContaining("must be bracketed");
        assertThatThrownBy(() -> HostPort.parse("[::1:5044")).hasMessageContaining("no closing ']' (write [::1]:5044)");
        assertThatThrownBy(() -> HostPort.parse("[::1]5044")).hasMessageContaining("expected ':port' after ']'");
        assertThatThrownBy(() -> HostPort.parse("host:http"))
                .hasMessage("'host:http' is not a valid host:port: the port 'http' is not a number; write host:port,"
                        + " for example logstash:5044");
        assertThatThrownBy(() -> HostPort.parse("host:70000")).hasMessageContaining("the port 70000 is outside 1-65535");
        assertThatThrownBy(() -> HostPort.parse("host:0")).hasMessageContaining("outside 1-65535");
        assertThatThrownBy(() -> HostPort.parseListen("host:-1", 0)).hasMessageContaining("outside 0-65535");
        assertThatThrownBy(() -> HostPort.parse(":5044")).hasMessageContaining("the host is empty; write host:port");
        assertThatThrownBy(() -> HostPort.parse("")).hasMessage("an address is empty; write host:port, for example logstash:5044");
        assertThatThrownBy(() -> HostPort.parse("http://logstash:5044")).hasMessageContaining("an address has no scheme");
        assertThatThrownBy(() -> HostPort.parse("log stash:5044")).hasMessageContaining("contains a space");
        assertThatThrownBy(() -> HostPort.parseListen("127.0.0.1", -1)).hasMessageContaining("the port is missing");
    }
}
