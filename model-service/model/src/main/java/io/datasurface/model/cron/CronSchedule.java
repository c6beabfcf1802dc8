package io.datasurface.model.cron;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The parsed fields as bit masks (bit N set = value N matches), and the search for the next matching
 * wall-clock time. Time zones are not this class's concern; see {@link CronExpression#next}.
 */
final class CronSchedule {

    /** Any valid expression fires within 8 years (29 February); searching further means a bug. */
    private static final int MAX_YEARS = 10;

    final long minutes;
    final long hours;
    final long days;
    final long months;
    /** Sunday is bit 0; a 7 in the text has been folded onto it. */
    final long weekdays;
    final boolean domRestricted;
    final boolean dowRestricted;
    /** The hour field is {@code *}: the job runs every hour, including a repeated one. */
    final boolean everyHour;

    CronSchedule(long minutes, long hours, long days, long months, long weekdays,
            boolean domRestricted, boolean dowRestricted, boolean everyHour) {
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
        this.everyHour = everyHour;
    }

    static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** The smallest set bit at or above {@code from}, or -1. */
    static int nextBit(long mask, int from) {
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    /** When both day fields are restricted either may match; otherwise both must. */
    boolean dayMatches(LocalDate date) {
        boolean dom = has(days, date.getDayOfMonth());
        boolean dow = has(weekdays, date.getDayOfWeek().getValue() % 7);
        return domRestricted && dowRestricted ? dom || dow : dom && dow;
    }

    /** The first matching wall-clock minute at or after {@code from} (a part minute rounds up). */
    LocalDateTime nextLocal(LocalDateTime from) {
        LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES);
        if (t.isBefore(from)) {
            t = t.plusMinutes(1);
        }
        int lastYear = t.getYear() + MAX_YEARS;
        while (t.getYear() <= lastYear) {
            if (!has(months, t.getMonthValue())) {
                int month = nextBit(months, t.getMonthValue());
                t = month < 0
                        ? LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay()
                        : LocalDate.of(t.getYear(), month, 1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!has(hours, t.getHour())) {
                int hour = nextBit(hours, t.getHour());
                t = hour < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.withHour(hour).withMinute(0);
            } else if (!has(minutes, t.getMinute())) {
                int minute = nextBit(minutes, t.getMinute());
                t = minute < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : t.withMinute(minute);
            } else {
                return t;
            }
        }
        throw new IllegalStateException("no matching time within " + MAX_YEARS + " years of " + from);
    }
}
