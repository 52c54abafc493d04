package dev.parley.chaos;

import dev.parley.chaos.Chaos.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The table per fault, printed and written to chaos/results/&lt;date&gt;-&lt;commit&gt;.md. */
final class Report {
    private Report() {
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | attempted | acknowledged | found | duplicates | lost | retried attempts | longest stretch without an ack | recovery (heal → first ack) | verdict |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            var r = row.result();
            out.append("| ").append(row.fault().name()).append(" | ")
                    .append(r == null ? "–" : r.attempted()).append(" | ")
                    .append(r == null ? "–" : r.acknowledged()).append(" | ")
                    .append(r == null ? "–" : r.found()).append(" | ")
                    .append(r == null ? "–" : r.duplicates()).append(" | ")
                    .append(r == null ? "–" : r.lost()).append(" | ")
                    .append(row.retries()).append(" | ")
                    .append(seconds(row.longestGapMillis())).append(" | ")
                    .append(row.recoveryMillis() < 0 ? "–" : seconds(row.recoveryMillis())).append(" | ")
                    .append("**").append(row.verdict()).append("** |\n");
        }
        return out.toString();
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    static Path write(Chaos chaos, Instant started, List<Row> rows, Collection<String> allFaults) throws IOException {
        Map<String, String> o = chaos.options();
        String commit = o.getOrDefault("commit", "dev");
        Path out = chaos.root().resolve("chaos/results/" + Chaos.today() + "-" + commit + (chaos.quick() ? "-quick" : "") + ".md");
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run ").append(Chaos.today()).append(" at ").append(commit).append("\n\n");
        md.append("- command: `").append(o.getOrDefault("command", "chaos/run")).append("`\n");
        md.append("- tree: ").append(o.getOrDefault("tree", "?")).append("\n");
        md.append("- started ").append(started).append(", took ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s; load ")
                .append(chaos.rate()).append(" posts/s through the gateway, round-robin over the run's client conversations, "
                        + "each post retried (0.5, 1, 2, then every 4 s; at most 24 on the wire) with the same clientMessageId until acknowledged\n");
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; the stack and services ran in "
                + "this clone (").append(o.getOrDefault("netns", "").isBlank() ? "no network namespace" : o.get("netns")).append(")\n\n");
        md.append(table(rows)).append('\n');
        md.append("## What each fault did, and what the check found\n\n");
        for (Row row : rows) {
            md.append("### ").append(row.fault().name()).append(" — ").append(row.verdict()).append("\n\n");
            md.append(row.fault().describe()).append(".\n\n");
            for (String note : row.notes()) {
                md.append("- ").append(note).append('\n');
            }
            for (String problem : row.problems()) {
                md.append("- **problem:** ").append(problem).append('\n');
            }
            md.append('\n');
        }
        List<String> notRun = allFaults.stream().filter(f -> rows.stream().noneMatch(r -> r.fault().name().equals(f))).toList();
        md.append("## Not covered\n\n");
        if (!notRun.isEmpty()) {
            md.append("- not selected in this run: ").append(String.join(", ", notRun)).append('\n');
        }
        for (String missing : Fault.MISSING) {
            md.append("- not implemented: ").append(missing).append('\n');
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        return out;
    }
}
