package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.spec.ImageRef;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.wire.ServiceViews;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code service ls} and {@code service ps} tables, in docker's columns and words. Like docker, they show a
 * pinned image by its tag ({@code web:1}); {@code service inspect} and {@code ps --no-trunc} show its digest too.
 */
final class ServiceTables {
    static final int ERROR_WIDTH = 30;

    private ServiceTables() {
    }

    static void ls(PrintWriter out, List<ServiceViews.Summary> services, RowFormat format) {
        Table t = new Table("ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS");
        for (ServiceViews.Summary s : services) {
            Service svc = s.service();
            t.row(shortId(svc.id(), false), svc.name(), svc.spec().mode().name().toLowerCase(Locale.ROOT),
                    s.running() + "/" + s.desired(), ImageRef.display(svc.spec().image()), ports("", svc.spec().ports()));
        }
        t.print(out, format);
    }

    /** One row per task, newest first in each slot; older tasks of a slot are marked {@code \_}. */
    static void ps(PrintWriter out, List<ServiceViews.Tasks> services, boolean noTrunc, long now, RowFormat format) {
        Table t = new Table("ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS");
        for (ServiceViews.Tasks s : services) {
            String previousSlot = null;
            for (ServiceViews.TaskView v : s.tasks()) {
                Task task = v.task();
                String name = task.name();
                String slot = task.slotKey();
                boolean history = slot.equals(previousSlot);
                previousSlot = slot;
                t.row(shortId(task.id(), noTrunc), (history ? " \\_ " : "") + name, image(task.spec().image(), noTrunc), v.node(),
                        task.desiredState().display(), currentState(task, now), error(task, noTrunc),
                        task.state() == dev.flotilla.orchestrator.api.TaskState.RUNNING ? ports("*:", task.spec().ports()) : "");
            }
        }
        t.print(out, format);
    }

    /** As docker shows them: a pinned image by its tag, unless {@code --no-trunc} (then with its digest). */
    static String image(String image, boolean noTrunc) {
        return noTrunc ? image : ImageRef.display(image);
    }

    static String currentState(Task t, long now) {
        return t.state().display() + " " + ago(now - t.status().timestamp());
    }

    static String error(Task t, boolean noTrunc) {
        String e = t.status().error();
        if (e.isEmpty() && t.state() == dev.flotilla.orchestrator.api.TaskState.PENDING) {
            e = t.status().message();
        }
        if (e.isEmpty()) {
            return "";
        }
        if (!noTrunc && e.length() > ERROR_WIDTH) {
            e = e.substring(0, ERROR_WIDTH - 1) + "…";
        }
        return "\"" + e + "\"";
    }

    /**
     * Published ports as docker prints them. {@code service ps} prints a task's ports as {@code *:8080->80/tcp}, as
     * docker does for host-mode tasks too. In {@code service ls} docker's {@code *:} stands for the routing mesh
     * (every node answers), which Flotilla does not have: there the port is printed without it.
     */
    static String ports(String prefix, List<PortSpec> ports) {
        return ports.stream().map(p -> prefix + p.published() + "->" + p.target() + "/" + p.protocol().lowerName())
                .collect(Collectors.joining(","));
    }

    static String shortId(String id, boolean noTrunc) {
        return noTrunc || id.length() <= 12 ? id : id.substring(0, 12);
    }

    static String mode(Service s) {
        return s.spec().mode() == ServiceMode.GLOBAL ? "global" : "replicated";
    }

    /**
     * Docker's human durations, lower-cased as docker's CURRENT STATE prints them: "less than a second ago", "about
     * a minute ago", "3 hours ago".
     */
    static String ago(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        long minutes = seconds / 60;
        long hours = minutes / 60;
        String d;
        if (seconds < 1) {
            d = "less than a second";
        } else if (seconds == 1) {
            d = "1 second";
        } else if (seconds < 60) {
            d = seconds + " seconds";
        } else if (minutes == 1) {
            d = "about a minute";
        } else if (minutes < 60) {
            d = minutes + " minutes";
        } else if (hours == 1) {
            d = "about an hour";
        } else if (hours < 48) {
            d = hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            d = hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            d = hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            d = hours / 24 / 30 + " months";
        } else {
            d = hours / 24 / 365 + " years";
        }
        return d + " ago";
    }
}
