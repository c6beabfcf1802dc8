package io.datasurface.cli.up;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One progress line per stream from the model-service's {@code GET /streams} (a JSON list, as parsed into
 * maps): the last committed batch and its rows/s, the batch in progress, the lag of the views behind the
 * source, and the scheduler's state (a parked stream with its error; {@code merging} while a sealed batch
 * is being merged, whatever the ingest-service does meanwhile).
 */
final class StreamLines {
    private static final int MESSAGE_MAX = 120;

    private StreamLines() {
    }

    static List<String> of(List<?> streams) {
        List<String> lines = new ArrayList<>();
        int width = streams.stream().map(s -> String.valueOf(((Map<?, ?>) s).get("stream")).length())
                .max(Integer::compare).orElse(0);
        for (Object o : streams) {
            Map<?, ?> s = (Map<?, ?>) o;
            List<String> parts = new ArrayList<>();
            parts.add(committed((Map<?, ?>) s.get("lastCommitted")));
            Map<?, ?> open = (Map<?, ?>) s.get("openBatch");
            if (open != null) {
                parts.add("batch " + open.get("batchId") + (open.get("rowsSealed") == null ? " reading"
                        : " sealed, " + number(open.get("rowsSealed")) + " rows"));
            }
            if (s.get("lagMs") != null) {
                parts.add("lag " + duration(((Number) s.get("lagMs")).longValue()));
            }
            parts.add(state(s));
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", s.get("stream"), String.join(" | ", parts)));
        }
        return lines;
    }

    private static String committed(Map<?, ?> c) {
        if (c == null) {
            return "no batch committed yet";
        }
        String rate = c.get("rowsPerSecond") == null ? ""
                : ", " + number(Math.round(((Number) c.get("rowsPerSecond")).doubleValue())) + " rows/s";
        return "batch " + c.get("batchId") + " committed: " + number(c.get("rows")) + " rows" + rate;
    }

    private static String state(Map<?, ?> s) {
        Object state = s.get("state");
        if (state == null) {
            return "state unknown";
        }
        if ("PARKED".equals(state)) {
            String m = s.get("message") == null ? "no message" : s.get("message").toString().strip().lines()
                    .findFirst().orElse("");
            return "PARKED: " + (m.length() > MESSAGE_MAX ? m.substring(0, MESSAGE_MAX) + "…" : m);
        }
        Map<?, ?> open = (Map<?, ?>) s.get("openBatch");
        if (open != null && open.get("rowsSealed") != null) {
            return "merging"; // the ingest-service is done with it (and may wait for its trigger): the merge is on
        }
        return state.toString().toLowerCase(Locale.ROOT);
    }

    private static String number(Object n) {
        return n instanceof Number v ? String.format(Locale.ROOT, "%,d", v.longValue()) : String.valueOf(n);
    }

    static String duration(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toSeconds() < 1) {
            return ms + " ms";
        } else if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        } else if (d.toHours() < 1) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
