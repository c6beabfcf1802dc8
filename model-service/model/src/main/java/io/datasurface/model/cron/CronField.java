package io.datasurface.model.cron;

import java.util.List;
import java.util.Locale;

/** The five fields of a unix cron expression, in order, with their value ranges and names. */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    boolean hasNames() {
        return !names.isEmpty();
    }

    /** The value for a name such as {@code jan} or {@code MON} (any case), or -1 if it is not one. */
    int valueOfName(String token) {
        int index = names.indexOf(token.toUpperCase(Locale.ROOT));
        return index < 0 ? -1 : min + index;
    }

    /** Where {@code *} and {@code N/S} stop: 6 for day-of-week, as 7 is only a second spelling of Sunday. */
    int openEnd() {
        return this == DAY_OF_WEEK ? 6 : max;
    }

    /** How many distinct values the field has; a step larger than this is rejected. */
    int valueCount() {
        return openEnd() - min + 1;
    }

    String range() {
        return min + "-" + max;
    }

    /** What values the field accepts, for error messages. */
    String accepted() {
        switch (this) {
            case MONTH:
                return "1-12 or JAN-DEC";
            case DAY_OF_WEEK:
                return "0-7 or SUN-SAT (0 and 7 are Sunday)";
            default:
                return range();
        }
    }
}
