package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.wire.ServiceViews;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceOutputTest {
    private static final Service WEB = new Service("abcdefghijklmnopqrstuvwxy", ServiceSpecParser.parse(
            ServiceOptions.builder("web", "img:1").replicas("2").publish("8080:80").build()), 1, 0, 0);

    static Task task(String id, int slot, TaskState state, long at, boolean live) {
        Task t = Task.create(id, WEB, slot, "", at).assigned("n1", "h", at)
                .withStatus(new TaskStatus(state, at, "", state == TaskState.FAILED ? "task: non-zero exit (137): killed by the kernel" : "", null, "c"));
        return live ? t : t.withDesiredState(TaskState.SHUTDOWN, at);
    }

    @Test
    void lsShowsPortsWithoutTheMeshMarkerAndPsWithDockersTaskForm() {
        StringWriter out = new StringWriter();
        ServiceTables.ls(new PrintWriter(out), List.of(new ServiceViews.Summary(WEB, 2, 2)), null);
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("ID").endsWith("PORTS");
        assertThat(lines[1]).contains("web", "replicated", "2/2", "img:1").endsWith("8080->80/tcp").doesNotContain("*:");
    }

    @Test
    void aPinnedImageShowsByItsTagInLsAndPsAndWithItsDigestInPsNoTrunc() {
        String pinned = "127.0.0.1:5001/web:1@sha256:" + "a".repeat(64);
        Service svc = new Service("pinnedaaaaaaaaaaaaaaaaaaa", ServiceSpecParser.parse(
                ServiceOptions.builder("web", pinned).build()), 1, 0, 0);
        StringWriter ls = new StringWriter();
        ServiceTables.ls(new PrintWriter(ls), List.of(new ServiceViews.Summary(svc, 1, 1)), null);
        assertThat(ls.toString()).contains(" 127.0.0.1:5001/web:1\n").doesNotContain("sha256");

        long now = 1_000_000;
        Task t = Task.create("t1aaaaaaaaaaaaaaaaaaaaaaa", svc, 1, "", now).assigned("n1", "h", now);
        ServiceViews.Tasks tasks = new ServiceViews.Tasks(svc, 1, List.of(new ServiceViews.TaskView(t, "node-1")));
        StringWriter ps = new StringWriter();
        ServiceTables.ps(new PrintWriter(ps), List.of(tasks), false, now, null);
        assertThat(ps.toString()).contains(" 127.0.0.1:5001/web:1 ").doesNotContain("sha256");
        StringWriter full = new StringWriter();
        ServiceTables.ps(new PrintWriter(full), List.of(tasks), true, now, null);
        assertThat(full.toString()).contains(pinned);
    }

    @Test
    void inspectPrettyShowsTheHealthCheckAsDockerDoesAndNothingWithoutOne() {
        Service checked = new Service("s1", ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1")
                .health(new HealthSettings("curl -f localhost", "5s", "2", null, "1s", null)).build()), 1, 0, 0);
        StringWriter out = new StringWriter();
        ServicePretty.print(new PrintWriter(out), checked);
        assertThat(out.toString()).contains(" Healthcheck:\n  Interval = 5s\n  Retries = 2\n  StartPeriod =\t0s\n"
                + "  Timeout =\t1s\n  Tests:\n\t Test = CMD-SHELL\n\t Test = curl -f localhost\n");
        StringWriter disabled = new StringWriter();
        ServicePretty.print(new PrintWriter(disabled), new Service("s2", ServiceSpecParser.parse(ServiceOptions
                .builder("web", "img:1").health(new HealthSettings(null, null, null, null, null, true)).build()),
                1, 0, 0));
        assertThat(disabled.toString()).contains("  Tests:\n\t Test = NONE\n");
        StringWriter plain = new StringWriter();
        ServicePretty.print(new PrintWriter(plain), WEB);
        assertThat(plain.toString()).doesNotContain("Healthcheck");
    }

    @Test
    void agesReadLikeDockers() {
        assertThat(ServiceTables.ago(300)).isEqualTo("less than a second ago");
        assertThat(ServiceTables.ago(1_000)).isEqualTo("1 second ago");
        assertThat(ServiceTables.ago(42_000)).isEqualTo("42 seconds ago");
        assertThat(ServiceTables.ago(90_000)).isEqualTo("about a minute ago");
        assertThat(ServiceTables.ago(7 * 60_000)).isEqualTo("7 minutes ago");
        assertThat(ServiceTables.ago(3 * 3_600_000L)).isEqualTo("3 hours ago");
        assertThat(ServiceTables.ago(5 * 86_400_000L)).isEqualTo("5 days ago");
    }

    @Test
    void psShowsSlotsWithTheirHistoryAndTruncatesErrorsUnlessAsked() {
        long now = 1_000_000;
        ServiceViews.Tasks tasks = new ServiceViews.Tasks(WEB, 2, List.of(
                new ServiceViews.TaskView(task("t2aaaaaaaaaaaaaaaaaaaaaaa", 1, TaskState.RUNNING, now - 120_000, true), "node-1"),
                new ServiceViews.TaskView(task("t1aaaaaaaaaaaaaaaaaaaaaaa", 1, TaskState.FAILED, now - 130_000, false), "node-1"),
                new ServiceViews.TaskView(task("t3aaaaaaaaaaaaaaaaaaaaaaa", 2, TaskState.RUNNING, now - 2_000, true), "node-2")));
        StringWriter out = new StringWriter();
        ServiceTables.ps(new PrintWriter(out), List.of(tasks), false, now, null);
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS");
        assertThat(lines[1]).startsWith("t2aaaaaaaaaa ").contains("web.1", "Running", "Running 2 minutes ago", "*:8080->80/tcp");
        assertThat(lines[2]).contains(" \\_ web.1", "Shutdown", "Failed 2 minutes ago", "\"task: non-zero exit (137): ki…\"");
        assertThat(lines[3]).contains("web.2", "Running 2 seconds ago");

        StringWriter full = new StringWriter();
        ServiceTables.ps(new PrintWriter(full), List.of(tasks), true, now, null);
        assertThat(full.toString()).contains("t1aaaaaaaaaaaaaaaaaaaaaaa", "\"task: non-zero exit (137): killed by the kernel\"");
    }

    @Test
    void progressCountsRunningTasksOfTheCurrentDefinitionAndNamesWhatBlocks() {
        long now = 100_000;
        Task running = task("a", 1, TaskState.RUNNING, now - 1_000, true);
        Task pending = Task.create("b", WEB, 2, "", now - 10_000).withStatus(TaskStatus.of(TaskState.PENDING,
                now - 10_000, "no suitable node (insufficient CPU on 3 nodes)"));
        ServiceProgress.Status s = ServiceProgress.status(WEB, 2, List.of(running, pending), 0, now);
        assertThat(s.running()).isEqualTo(1);
        assertThat(s.desired()).isEqualTo(2);
        assertThat(s.converged()).isFalse();
        assertThat(s.stuck()).isEqualTo("web.2 is pending: no suitable node (insufficient CPU on 3 nodes)");
        assertThat(s.slots()).containsEntry("1/2", "running").containsEntry("2/2", "pending");

        Task slotFive = task("e", 5, TaskState.STARTING, now, true);
        assertThat(ServiceProgress.status(WEB, 2, List.of(running, slotFive), 0, now).slots())
                .as("slots 1 and 5 after a scale down are shown as 1/2 and 2/2, as docker does")
                .containsExactly(java.util.Map.entry("1/2", "running"), java.util.Map.entry("2/2", "starting"));

        Task second = task("c", 2, TaskState.RUNNING, now, true);
        assertThat(ServiceProgress.status(WEB, 2, List.of(running, second), 0, now).converged()).isTrue();

        Task f1 = task("f1", 2, TaskState.FAILED, now - 9_000, false);
        Task f2 = task("f2", 2, TaskState.FAILED, now - 2_000, false);
        ServiceProgress.Status failing = ServiceProgress.status(WEB, 2, List.of(running, f1, f2), now - 20_000, now);
        assertThat(failing.stuck()).contains("keep failing", "web.2", "non-zero exit (137)");
        assertThat(ServiceProgress.status(WEB, 2, List.of(running, f1, f2), now - 5_000, now).stuck())
                .as("failures from before the command do not count").isNull();
    }
}
