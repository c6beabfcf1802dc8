package io.datasurface.model.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard 5-field unix cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Ranges: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-7 or
 * SUN-SAT (0 and 7 are both Sunday); names are case-insensitive. Each field is a comma-separated list of
 * {@code *}, {@code N}, {@code A-B}, {@code *}{@code /S}, {@code A-B/S} or {@code N/S} (N to the end of
 * the field, stepping S). For day-of-week, {@code *} and {@code N/S} end at 6 (Saturday), and a range
 * ending in the name {@code SUN} runs to Sunday ({@code FRI-SUN}). The macros {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight} and
 * {@code @hourly} stand for their usual expressions. A day-of-month that never occurs in the months
 * named (such as {@code 0 0 31 2 *}) is rejected as "never fires".
 *
 * <p>Days: if both day-of-month and day-of-week are restricted (written as anything other than exactly
 * {@code *}, so {@code *}{@code /2} counts as restricted) a day matches when either matches; otherwise
 * both must.
 *
 * <p>Daylight-saving changes, for {@link #next}:
 * <ul>
 * <li>Gap (clocks go forward): a matching wall-clock time that does not exist fires at the instant the
 * clocks jump, once however many skipped times match. In Europe/London {@code 30 1 * * *} fires at
 * 02:00 BST on the last Sunday of March.</li>
 * <li>Overlap (clocks go back): if the hour field is {@code *} the job runs every hour, so times in the
 * repeated hour fire in both passes. Otherwise each wall-clock time fires once, in the first pass:
 * {@code 30 1 * * *} fires at 01:30 BST and not again at 01:30 GMT.</li>
 * </ul>
 *
 * <p>Instances are immutable; equality and {@link #toString()} use the text as given to {@link #parse}.
 */
public final class CronExpression {

    private final String text;
    private final CronSchedule schedule;

    private CronExpression(String text, CronSchedule schedule) {
        this.text = text;
        this.schedule = schedule;
    }

    /**
     * Parses a cron expression.
     *
     * @throws CronSyntaxException saying what is wrong and what is accepted
     */
    public static CronExpression parse(String text) {
        return new CronExpression(text, CronParser.parse(text));
    }

    /** The message {@link #parse} would throw for this text, or empty if it is valid. Never throws. */
    public static Optional<String> problem(String text) {
        try {
            CronParser.parse(text);
            return Optional.empty();
        } catch (CronSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The first time strictly after {@code after} (seconds dropped) at which this expression fires, in
     * {@code after}'s zone. See the class description for daylight-saving changes. Never null: every
     * expression that parses fires within 8 years.
     */
    public ZonedDateTime next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after");
        ZoneRules rules = after.getZone().getRules();
        // Walk the time line one stretch of constant offset at a time; within a stretch wall-clock
        // order is instant order. `end` is the transition that ends the current stretch, or null.
        ZoneOffset offset = after.getOffset();
        LocalDateTime start = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZoneOffsetTransition end = rules.nextTransition(after.toInstant());
        while (true) {
            LocalDateTime candidate = schedule.nextLocal(start);
            Instant instant = candidate.toInstant(offset);
            if (end == null || instant.isBefore(end.getInstant())) {
                if (!schedule.everyHour && isSecondPass(rules, candidate, offset)) {
                    start = rules.getTransition(candidate).getDateTimeBefore(); // after the repeated times
                    continue;
                }
                return ZonedDateTime.ofInstant(instant, after.getZone());
            }
            if (end.isGap() && candidate.isBefore(end.getDateTimeAfter())) {
                return ZonedDateTime.ofInstant(end.getInstant(), after.getZone()); // skipped time
            }
            start = end.getDateTimeAfter();
            offset = end.getOffsetAfter();
            end = rules.nextTransition(end.getInstant());
        }
    }

    /** Whether this wall-clock time is being repeated after the clocks went back. */
    private static boolean isSecondPass(ZoneRules rules, LocalDateTime local, ZoneOffset offset) {
        List<ZoneOffset> valid = rules.getValidOffsets(local);
        return valid.size() == 2 && offset.equals(valid.get(1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression && ((CronExpression) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The text this expression was parsed from, exactly as given. */
    @Override
    public String toString() {
        return text;
    }
}
