package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"10s,10000", "1m30s,90000", "1.5h,5400000", "300ms,300", "0,0", "2h45m,9900000", "1m0.5s,60500",
            "+5s,5000"})
    void parses(String text, long millis) {
        assertThat(GoDuration.parse("--stop-grace-period", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"10000,10s", "90000,1m30s", "3600000,1h0m0s", "300,300ms", "0,0s", "60500,1m0.5s"})
    void formatsLikeGo(long millis, String text) {
        Duration d = Duration.ofMillis(millis);
        assertThat(GoDuration.format(d)).isEqualTo(text);
        assertThat(GoDuration.parse("x", GoDuration.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "ten seconds", "5d", "1.2.3s", "", "-5s", "s"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> GoDuration.parse("--update-delay", text))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("--update-delay \"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({"1us,1000", "1µs,1000", "7ns,7"})
    void smallUnits(String text, long nanos) {
        assertThat(GoDuration.parse("x", text)).isEqualTo(Duration.ofNanos(nanos));
    }

    /** The forms the node flags took before they shared this grammar (500ms, 5s, 1m, 1h, any case) still parse. */
    @ParameterizedTest
    @CsvSource({"500ms,500", "5s,5000", "1m,60000", "1h,3600000", "5S,5000", "500MS,500", "1H30M,5400000", " 5s ,5000"})
    void acceptsTheFormerNodeFlagForms(String text, long millis) {
        assertThat(GoDuration.parse("--heartbeat-period", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 sec", "5x", "1m30", "ms"})
    void refusalsNameTheFlagAndSayHowToWriteIt(String text) {
        assertThatThrownBy(() -> GoDuration.parse("--election-timeout", text))
                .hasMessageStartingWith("--election-timeout \"" + text + "\"")
                .hasMessageContaining("write a number with a unit: ns, us, ms, s, m or h (for example 10s or 1m30s)");
    }
}
