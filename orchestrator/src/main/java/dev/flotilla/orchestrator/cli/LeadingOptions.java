package dev.flotilla.orchestrator.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Lets the cluster options come before the command, as {@code docker -H HOST node ls} allows:
 * {@code flotilla --config FILE node ls} and {@code flotilla -H 10.0.0.1 service ls} mean the same as with the
 * options after the command. They are moved behind the command's name when that command takes them; otherwise the
 * line is left as it is and the parser says which option it does not know.
 */
final class LeadingOptions {
    private static final Set<String> WITH_VALUE = Set.of("--config", "-H", "--host");

    private LeadingOptions() {
    }

    static String[] hoist(CommandLine root, String[] args) {
        List<String> leading = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (WITH_VALUE.contains(a) && i + 1 < args.length) {
                leading.add(a);
                leading.add(args[i + 1]);
                i += 2;
            } else if (a.startsWith("--config=") || a.startsWith("--host=") || a.startsWith("-H") && a.length() > 2) {
                leading.add(a);
                i++;
            } else {
                break;
            }
        }
        if (leading.isEmpty()) {
            return args;
        }
        CommandLine command = root;
        int end = i;
        while (end < args.length && command.getSubcommands().containsKey(args[end])) {
            command = command.getSubcommands().get(args[end]);
            end++;
        }
        if (command == root || !command.getCommandSpec().optionsMap().containsKey("--config")) {
            return args;
        }
        List<String> moved = new ArrayList<>(Arrays.asList(args).subList(i, end));
        moved.addAll(leading);
        moved.addAll(Arrays.asList(args).subList(end, args.length));
        return moved.toArray(String[]::new);
    }
}
