package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The table: one row per figure, printed as it is measured and written as Markdown at the end. */
final class Report {
    record Row(String scenario, String figure, String measured, String target, String verdict, String limit, String ratio) {
    }

    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    void row(String scenario, String figure, String measured, String target, String verdict, String limit, String ratio) {
        Row row = new Row(scenario, figure, measured, target, verdict, limit, ratio);
        rows.add(row);
        System.out.printf("BENCH | %s | %s | %s | %s | %s | %s | %s%n", scenario, figure, measured, target, verdict, limit, ratio);
    }

    void row(String scenario, String figure, String measured) {
        row(scenario, figure, measured, "-", "-", "-", "-");
    }

    void note(String text) {
        notes.add(text);
        System.out.println("NOTE  " + text);
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | measured | target (DESIGN 8) | pass/fail | direct limit (same run) | Parley ÷ limit |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(esc(r.scenario)).append(" | ").append(esc(r.figure)).append(" | ").append(esc(r.measured))
                    .append(" | ").append(esc(r.target)).append(" | ").append(esc(r.verdict)).append(" | ").append(esc(r.limit))
                    .append(" | ").append(esc(r.ratio)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n\n");
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    String plain() {
        int[] w = new int[7];
        List<String[]> all = new ArrayList<>();
        all.add(new String[]{"scenario", "figure", "measured", "target", "pass", "direct limit", "ratio"});
        for (Row r : rows) {
            all.add(new String[]{r.scenario, r.figure, r.measured, r.target, r.verdict, r.limit, r.ratio});
        }
        for (String[] cells : all) {
            for (int i = 0; i < 7; i++) {
                w[i] = Math.max(w[i], cells[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] cells : all) {
            for (int i = 0; i < 7; i++) {
                out.append(String.format("%-" + w[i] + "s", cells[i])).append(i < 6 ? "  " : "\n");
            }
        }
        for (String n : notes) {
            out.append("* ").append(n).append('\n');
        }
        return out.toString();
    }

    void write(Path file, String header) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, header + "\n" + markdown());
    }

    private static String esc(String s) {
        return s.replace("|", "\\|");
    }
}
