package io.datasurface.model.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static ZonedDateTime at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone);
    }

    private static ZonedDateTime utc(String localDateTime) {
        return at(localDateTime, UTC);
    }

    private static ZonedDateTime london(String localDateTime) {
        return at(localDateTime, LONDON);
    }

    private static List<ZonedDateTime> fires(String expression, ZonedDateTime after, int count) {
        CronExpression cron = CronExpression.parse(expression);
        List<ZonedDateTime> result = new ArrayList<>();
        ZonedDateTime t = after;
        for (int i = 0; i < count; i++) {
            t = cron.next(t);
            result.add(t);
        }
        return result;
    }

    private static List<String> firesAsText(String expression, ZonedDateTime after, int count) {
        return fires(expression, after, count).stream().map(z -> z.toOffsetDateTime().toString()).toList();
    }

    @Nested
    class Parsing {

        @ParameterizedTest
        @ValueSource(strings = {
            "* * * * *", "0 0 1 1 *", "*/15 * * * *", "0 9-17 * * MON-FRI", "0 0 * * 7", "0 0 * * 0",
            "5,10-20/5,*/30 * * * *", "0 0 1 jan,Jul *", "0 0 * * sun", "59 23 31 12 6", "0 0 * * FRI-SUN",
            "30 4 1/10 * *", "05 04 01 01 *", "0 0 29 2 *", "0 0 31 2 MON", "  0\t0  * * *  ", "*/60 * * * *",
            "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@DAILY", " @daily ",
        })
        void acceptsValidExpressions(String text) {
            assertThat(CronExpression.problem(text)).isEmpty();
            assertThat(CronExpression.parse(text)).hasToString(text);
        }

        static Stream<Arguments> invalidExpressions() {
            return Stream.of(
                Arguments.of("61 * * * *", "minute field '61' is out of range 0-59"),
                Arguments.of("* 24 * * *", "hour field '24' is out of range 0-23"),
                Arguments.of("* * 0 * *", "day-of-month field '0' is out of range 1-31"),
                Arguments.of("* * 32 * *", "day-of-month field '32' is out of range 1-31"),
                Arguments.of("* * * 13 *", "month field '13' is out of range 1-12"),
                Arguments.of("* * * 0 *", "month field '0' is out of range 1-12"),
                Arguments.of("* * * * 8", "day-of-week field '8' is out of range 0-7"),
                Arguments.of("99999999999 * * * *", "minute field '99999999999' is out of range 0-59"),
                Arguments.of("1-61 * * * *", "minute field '1-61': value 61 is out of range 0-59"),
                Arguments.of("0,5,60 * * * *", "minute field '0,5,60': value 60 is out of range 0-59"),
                Arguments.of("* * * * * *",
                    "expected 5 fields (minute hour day-of-month month day-of-week), got 6"),
                Arguments.of("* * * *",
                    "expected 5 fields (minute hour day-of-month month day-of-week), got 4"),
                Arguments.of("",
                    "cron expression is empty; expected 5 fields (minute hour day-of-month month day-of-week)"
                        + " or a macro such as @daily"),
                Arguments.of(" \t ",
                    "cron expression is empty; expected 5 fields (minute hour day-of-month month day-of-week)"
                        + " or a macro such as @daily"),
                Arguments.of("*/0 * * * *", "minute field '*/0': step in '*/0' must be at least 1, got 0"),
                Arguments.of("0 1-10/0 * * *", "hour field '1-10/0': step in '1-10/0' must be at least 1, got 0"),
                Arguments.of("*/61 * * * *",
                    "minute field '*/61': step 61 in '*/61' is larger than the 60 values of the field (0-59)"),
                Arguments.of("0 0 * * */8",
                    "day-of-week field '*/8': step 8 in '*/8' is larger than the 7 values of the field (0-6)"),
                Arguments.of("*/ * * * *",
                    "minute field '*/': step is missing after '/' in '*/'; expected *, N, A-B, */S, A-B/S or N/S,"
                        + " or a comma-separated list of these"),
                Arguments.of("*/x * * * *", "minute field '*/x': step 'x' in '*/x' is not a whole number"),
                Arguments.of("*/2/3 * * * *", "minute field '*/2/3': step '2/3' in '*/2/3' is not a whole number"),
                Arguments.of("0 5-2 * * *",
                    "hour field '5-2': range start 5 is after its end 2; wrap-around ranges are not supported,"
                        + " write 5-23,0-2 instead"),
                Arguments.of("0 0 * * FRI-MON",
                    "day-of-week field 'FRI-MON': range start FRI is after its end MON; wrap-around ranges are"
                        + " not supported, write 5-6,0-1 instead"),
                Arguments.of("0 0 * NOV-FEB *",
                    "month field 'NOV-FEB': range start NOV is after its end FEB; wrap-around ranges are not"
                        + " supported, write 11-12,1-2 instead"),
                Arguments.of("1,,2 * * * *",
                    "minute field '1,,2' has an empty list element (check for stray commas); expected *, N, A-B,"
                        + " */S, A-B/S or N/S, or a comma-separated list of these"),
                Arguments.of("0, * * * *",
                    "minute field '0,' has an empty list element (check for stray commas); expected *, N, A-B,"
                        + " */S, A-B/S or N/S, or a comma-separated list of these"),
                Arguments.of("abc * * * *",
                    "minute field 'abc' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("1,x * * * *",
                    "minute field '1,x': 'x' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a"
                        + " comma-separated list of these, with values 0-59"),
                Arguments.of("-5 * * * *",
                    "minute field '-5' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("5- * * * *",
                    "minute field '5-' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("+5 * * * *",
                    "minute field '+5' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("/5 * * * *",
                    "minute field '/5' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("1.5 * * * *",
                    "minute field '1.5' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-59"),
                Arguments.of("0 0 ? * MON",
                    "day-of-month field '?' is not valid (Quartz-style ?, L, W and # are not supported); expected"
                        + " *, N, A-B, */S, A-B/S or N/S, or a comma-separated list of these, with values 1-31"),
                Arguments.of("0 0 L * *",
                    "day-of-month field 'L' is not valid (Quartz-style ?, L, W and # are not supported); expected"
                        + " *, N, A-B, */S, A-B/S or N/S, or a comma-separated list of these, with values 1-31"),
                Arguments.of("0 0 * * MON#2",
                    "day-of-week field 'MON#2' is not valid (Quartz-style ?, L, W and # are not supported);"
                        + " expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated list of these, with values"
                        + " 0-7 or SUN-SAT (0 and 7 are Sunday)"),
                Arguments.of("0 0 1 JANUARY *",
                    "month field 'JANUARY': unknown month name 'JANUARY'; expected 1-12 or JAN-DEC"),
                Arguments.of("0 0 * * MONDAY",
                    "day-of-week field 'MONDAY': unknown day-of-week name 'MONDAY'; expected 0-7 or SUN-SAT"
                        + " (0 and 7 are Sunday)"),
                Arguments.of("0 MON * * *",
                    "hour field 'MON' is not valid; expected *, N, A-B, */S, A-B/S or N/S, or a comma-separated"
                        + " list of these, with values 0-23"),
                Arguments.of("0 0 31 2 *",
                    "expression never fires: day-of-month '31' does not occur in month '2'"
                        + " (February has at most 29 days)"),
                Arguments.of("0 0 30-31 feb *",
                    "expression never fires: day-of-month '30-31' does not occur in month 'feb'"
                        + " (February has at most 29 days)"),
                Arguments.of("0 0 31 4,6,9,11 *",
                    "expression never fires: day-of-month '31' does not occur in month '4,6,9,11'"
                        + " (those months have at most 30 days)"),
                Arguments.of("@reboot",
                    "@reboot is not supported as it has no time to fire at; expected one of @yearly, @annually,"
                        + " @monthly, @weekly, @daily, @midnight, @hourly"),
                Arguments.of("@fortnightly",
                    "unknown macro '@fortnightly'; expected one of @yearly, @annually, @monthly, @weekly, @daily,"
                        + " @midnight, @hourly"),
                Arguments.of("@daily 5",
                    "macro '@daily' must be the whole expression, but it is followed by '5'"));
        }

        @ParameterizedTest
        @MethodSource("invalidExpressions")
        void rejectsInvalidExpressionsSayingWhy(String text, String message) {
            assertThatThrownBy(() -> CronExpression.parse(text))
                .isInstanceOf(CronSyntaxException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
            assertThat(CronExpression.problem(text)).contains(message);
        }

        @Test
        void nullIsAProblemNotACrash() {
            assertThat(CronExpression.problem(null)).hasValueSatisfying(m -> assertThat(m).startsWith(
                "cron expression is null; expected 5 fields"));
            assertThatThrownBy(() -> CronExpression.parse(null)).isInstanceOf(CronSyntaxException.class);
        }

        @Test
        void equalityAndToStringUseTheOriginalText() {
            CronExpression a = CronExpression.parse("0 0 * * *");
            assertThat(a).isEqualTo(CronExpression.parse("0 0 * * *"))
                .hasSameHashCodeAs(CronExpression.parse("0 0 * * *"))
                .isNotEqualTo(CronExpression.parse("@daily"))
                .isNotEqualTo(CronExpression.parse("0  0 * * *"))
                .isNotEqualTo("0 0 * * *")
                .hasToString("0 0 * * *");
            assertThat(CronExpression.parse(" @daily ")).hasToString(" @daily ");
        }
    }

    @Nested
    class NextFireTime {

        @Test
        void minuteStepsAreStrictlyAfterAndIgnoreSeconds() {
            CronExpression cron = CronExpression.parse("*/15 * * * *");
            assertThat(cron.next(utc("2024-05-01T10:07:30"))).isEqualTo(utc("2024-05-01T10:15"));
            assertThat(cron.next(utc("2024-05-01T10:15"))).isEqualTo(utc("2024-05-01T10:30"));
            assertThat(cron.next(utc("2024-05-01T10:14:59.999999999"))).isEqualTo(utc("2024-05-01T10:15"));
            assertThat(cron.next(utc("2024-05-01T10:15:00.000000001"))).isEqualTo(utc("2024-05-01T10:30"));
            assertThat(cron.next(utc("2024-05-01T23:50"))).isEqualTo(utc("2024-05-02T00:00"));
        }

        @Test
        void everyMinute() {
            assertThat(fires("* * * * *", utc("2024-05-01T10:58:10"), 3))
                .containsExactly(utc("2024-05-01T10:59"), utc("2024-05-01T11:00"), utc("2024-05-01T11:01"));
        }

        @Test
        void stepFromAStartAndStepOverARange() {
            assertThat(fires("5/20 * * * *", utc("2024-05-01T10:00"), 4)).containsExactly(
                utc("2024-05-01T10:05"), utc("2024-05-01T10:25"), utc("2024-05-01T10:45"), utc("2024-05-01T11:05"));
            assertThat(fires("10-30/10 * * * *", utc("2024-05-01T10:00"), 4)).containsExactly(
                utc("2024-05-01T10:10"), utc("2024-05-01T10:20"), utc("2024-05-01T10:30"), utc("2024-05-01T11:10"));
        }

        @Test
        void hourLists() {
            CronExpression cron = CronExpression.parse("0 6,12,18 * * *");
            assertThat(cron.next(utc("2024-05-01T13:00"))).isEqualTo(utc("2024-05-01T18:00"));
            assertThat(cron.next(utc("2024-05-01T18:00"))).isEqualTo(utc("2024-05-02T06:00"));
            assertThat(fires("15 9-11,22 * * *", utc("2024-05-01T10:20"), 4)).containsExactly(
                utc("2024-05-01T11:15"), utc("2024-05-01T22:15"), utc("2024-05-02T09:15"), utc("2024-05-02T10:15"));
        }

        @Test
        void monthNamesAnyCase() {
            CronExpression cron = CronExpression.parse("0 0 1 JAN,jul *");
            assertThat(cron.next(utc("2024-02-10T00:00"))).isEqualTo(utc("2024-07-01T00:00"));
            assertThat(cron.next(utc("2024-07-01T00:00"))).isEqualTo(utc("2025-01-01T00:00"));
            assertThat(CronExpression.parse("0 0 1 Mar-May/2 *").next(utc("2024-01-01T00:00")))
                .isEqualTo(utc("2024-03-01T00:00"));
        }

        @Test
        void dayOfWeekNamesAndRanges() {
            // 2024-03-08 is a Friday
            assertThat(fires("30 9 * * MON-FRI", utc("2024-03-08T10:00"), 2))
                .containsExactly(utc("2024-03-11T09:30"), utc("2024-03-12T09:30"));
            assertThat(fires("0 0 * * fri-sun", utc("2024-03-07T12:00"), 4)).containsExactly(
                utc("2024-03-08T00:00"), utc("2024-03-09T00:00"), utc("2024-03-10T00:00"), utc("2024-03-15T00:00"));
        }

        @Test
        void zeroAndSevenAreBothSunday() {
            ZonedDateTime wednesday = utc("2024-03-06T12:00");
            assertThat(CronExpression.parse("0 0 * * 7").next(wednesday)).isEqualTo(utc("2024-03-10T00:00"));
            assertThat(CronExpression.parse("0 0 * * 0").next(wednesday)).isEqualTo(utc("2024-03-10T00:00"));
            assertThat(CronExpression.parse("0 0 * * SUN").next(wednesday)).isEqualTo(utc("2024-03-10T00:00"));
            assertThat(fires("0 0 * * 5-7", wednesday, 3)).containsExactly(
                utc("2024-03-08T00:00"), utc("2024-03-09T00:00"), utc("2024-03-10T00:00"));
        }

        @Test
        void dayOfWeekStepStopsAtSaturday() {
            // 1/2 is MON, WED, FRI; 7 is not reached as it would be Sunday again
            assertThat(fires("0 0 * * 1/2", utc("2024-03-03T12:00"), 4)).containsExactly(
                utc("2024-03-04T00:00"), utc("2024-03-06T00:00"), utc("2024-03-08T00:00"), utc("2024-03-11T00:00"));
        }

        @Test
        void bothDayFieldsRestrictedMatchesEither() {
            // 2024-09-06 and 2024-09-20 are Fridays; 2024-09-13 is both
            assertThat(fires("0 0 13 * FRI", utc("2024-09-01T00:00"), 4)).containsExactly(
                utc("2024-09-06T00:00"), utc("2024-09-13T00:00"), utc("2024-09-20T00:00"), utc("2024-09-27T00:00"));
            // 2024-10-13 is a Sunday, 2024-10-14 a Monday
            assertThat(fires("0 0 13 * MON", utc("2024-10-08T00:00"), 3)).containsExactly(
                utc("2024-10-13T00:00"), utc("2024-10-14T00:00"), utc("2024-10-21T00:00"));
        }

        @Test
        void aRestrictedStarStepStillCountsAsRestricted() {
            // */10 is days 1, 11, 21, 31; with MON restricted too, either may match
            assertThat(fires("0 0 */10 * MON", utc("2024-07-01T12:00"), 4)).containsExactly(
                utc("2024-07-08T00:00"), utc("2024-07-11T00:00"), utc("2024-07-15T00:00"), utc("2024-07-21T00:00"));
        }

        @Test
        void onlyOneDayFieldRestrictedMatchesThatOne() {
            assertThat(fires("0 0 * * FRI", utc("2024-09-01T00:00"), 2))
                .containsExactly(utc("2024-09-06T00:00"), utc("2024-09-13T00:00"));
            assertThat(fires("0 0 13 * *", utc("2024-09-01T00:00"), 2))
                .containsExactly(utc("2024-09-13T00:00"), utc("2024-10-13T00:00"));
            assertThat(fires("0 0 13 JUN *", utc("2024-09-01T00:00"), 1)).containsExactly(utc("2025-06-13T00:00"));
        }

        @Test
        void impossibleDayOfMonthWithAWeekdayFiresOnTheWeekday() {
            // 2025-02-03 is the first Monday in February 2025
            assertThat(CronExpression.parse("0 0 31 2 MON").next(utc("2024-12-01T00:00")))
                .isEqualTo(utc("2025-02-03T00:00"));
        }

        @Test
        void day31SkipsShortMonths() {
            assertThat(fires("0 0 31 * *", utc("2024-04-01T00:00"), 3)).containsExactly(
                utc("2024-05-31T00:00"), utc("2024-07-31T00:00"), utc("2024-08-31T00:00"));
            assertThat(CronExpression.parse("0 0 30,31 2,4 *").next(utc("2024-02-01T00:00")))
                .isEqualTo(utc("2024-04-30T00:00"));
        }

        @Test
        void yearRollover() {
            assertThat(CronExpression.parse("0 0 1 1 *").next(utc("2024-12-31T23:59")))
                .isEqualTo(utc("2025-01-01T00:00"));
            assertThat(CronExpression.parse("59 23 31 12 *").next(utc("2024-12-31T23:59")))
                .isEqualTo(utc("2025-12-31T23:59"));
            assertThat(CronExpression.parse("* * * * *").next(utc("2024-12-31T23:59:59")))
                .isEqualTo(utc("2025-01-01T00:00"));
        }

        @Test
        @Timeout(value = 5, unit = TimeUnit.SECONDS)
        void leapDay() {
            CronExpression cron = CronExpression.parse("0 0 29 2 *");
            assertThat(cron.next(utc("2023-01-01T00:00"))).isEqualTo(utc("2024-02-29T00:00"));
            assertThat(cron.next(utc("2024-02-29T00:00"))).isEqualTo(utc("2028-02-29T00:00"));
            assertThat(cron.next(utc("2024-03-01T00:00"))).isEqualTo(utc("2028-02-29T00:00"));
            // 2100 is not a leap year: eight years from one leap day to the next
            assertThat(cron.next(utc("2096-03-01T00:00"))).isEqualTo(utc("2104-02-29T00:00"));
            ZonedDateTime t = utc("1900-01-01T00:00");
            for (int i = 0; i < 2_000; i++) {
                t = cron.next(t);
            }
            assertThat(t.getYear()).isGreaterThan(9000);
        }

        @Test
        void macros() {
            ZonedDateTime after = utc("2024-05-15T10:30"); // a Wednesday
            assertThat(CronExpression.parse("@hourly").next(after)).isEqualTo(utc("2024-05-15T11:00"));
            assertThat(CronExpression.parse("@daily").next(after)).isEqualTo(utc("2024-05-16T00:00"));
            assertThat(CronExpression.parse("@midnight").next(after)).isEqualTo(utc("2024-05-16T00:00"));
            assertThat(CronExpression.parse("@weekly").next(after)).isEqualTo(utc("2024-05-19T00:00"));
            assertThat(CronExpression.parse("@monthly").next(after)).isEqualTo(utc("2024-06-01T00:00"));
            assertThat(CronExpression.parse("@yearly").next(after)).isEqualTo(utc("2025-01-01T00:00"));
            assertThat(CronExpression.parse("@Annually").next(after)).isEqualTo(utc("2025-01-01T00:00"));
        }

        @Test
        void keepsTheZoneOfTheArgument() {
            ZoneId plus5 = ZoneOffset.ofHours(5);
            assertThat(CronExpression.parse("0 9 * * *").next(at("2024-05-01T10:00", plus5)))
                .isEqualTo(at("2024-05-02T09:00", plus5));
            ZoneId tokyo = ZoneId.of("Asia/Tokyo");
            assertThat(CronExpression.parse("0 9 * * *").next(at("2024-05-01T08:00", tokyo)))
                .isEqualTo(at("2024-05-01T09:00", tokyo));
        }

        /** Compares the skipping search with a plain minute-by-minute scan over 40 days, in UTC. */
        @Test
        void agreesWithAMinuteByMinuteScan() {
            Random random = new Random(20240229);
            String[][] choices = {
                {"*", "0", "*/7", "5/20", "10-40/15", "0,30", "59"},
                {"*", "0", "9-17", "*/5", "23", "1,13"},
                {"*", "1", "13", "*/10", "28-31", "15,31"},
                {"*", "*", "*", "FEB", "1-3", "*/4", "DEC"},
                {"*", "*", "MON", "0", "FRI-SUN", "1/2", "7"},
            };
            for (int i = 0; i < 300; i++) {
                StringBuilder text = new StringBuilder();
                for (String[] field : choices) {
                    text.append(field[random.nextInt(field.length)]).append(' ');
                }
                if (CronExpression.problem(text.toString()).isPresent()) {
                    continue;
                }
                CronExpression cron = CronExpression.parse(text.toString());
                CronSchedule schedule = CronParser.parse(text.toString());
                LocalDateTime after = LocalDateTime.of(2023 + random.nextInt(3), 1, 1, 0, 0)
                    .plusMinutes(random.nextInt(60 * 24 * 366)).plusSeconds(random.nextInt(60));
                LocalDateTime limit = after.plusDays(40);
                LocalDateTime expected = after.withSecond(0).plusMinutes(1);
                while (expected.isBefore(limit) && !matches(schedule, expected)) {
                    expected = expected.plusMinutes(1);
                }
                LocalDateTime actual = cron.next(after.atZone(UTC)).toLocalDateTime();
                if (expected.isBefore(limit)) {
                    assertThat(actual).as("%s after %s", text, after).isEqualTo(expected);
                } else {
                    assertThat(actual).as("%s after %s", text, after).isAfterOrEqualTo(limit);
                    assertThat(matches(schedule, actual)).as("%s fires at %s", text, actual).isTrue();
                }
            }
        }

        private boolean matches(CronSchedule s, LocalDateTime t) {
            return CronSchedule.has(s.minutes, t.getMinute()) && CronSchedule.has(s.hours, t.getHour())
                && CronSchedule.has(s.months, t.getMonthValue()) && s.dayMatches(t.toLocalDate());
        }

        @Test
        void rejectsNull() {
            assertThatThrownBy(() -> CronExpression.parse("* * * * *").next(null))
                .isInstanceOf(NullPointerException.class);
        }
    }

    /** Europe/London: 2024-03-31 01:00 GMT jumps to 02:00 BST; 2024-10-27 02:00 BST falls back to 01:00 GMT. */
    @Nested
    class DaylightSaving {

        @Test
        void skippedTimeFiresWhenTheClocksJump() {
            assertThat(firesAsText("30 1 * * *", london("2024-03-30T12:00"), 3))
                .containsExactly("2024-03-31T02:00+01:00", "2024-04-01T01:30+01:00", "2024-04-02T01:30+01:00");
            assertThat(CronExpression.parse("30 1 * * *").next(london("2024-03-31T00:59:30")))
                .isEqualTo(london("2024-03-31T02:00"));
        }

        @Test
        void severalSkippedTimesFireOnce() {
            assertThat(firesAsText("0,30 1 * * *", london("2024-03-31T00:00"), 3))
                .containsExactly("2024-03-31T02:00+01:00", "2024-04-01T01:00+01:00", "2024-04-01T01:30+01:00");
            assertThat(firesAsText("0 1,2 * * *", london("2024-03-31T00:00"), 2))
                .containsExactly("2024-03-31T02:00+01:00", "2024-04-01T01:00+01:00");
        }

        @Test
        void frequentJobsCarryOnAcrossTheGap() {
            assertThat(firesAsText("*/15 * * * *", london("2024-03-31T00:30"), 4)).containsExactly(
                "2024-03-31T00:45Z", "2024-03-31T02:00+01:00", "2024-03-31T02:15+01:00", "2024-03-31T02:30+01:00");
        }

        @Test
        void timeJustAfterTheGapFiresOnce() {
            assertThat(firesAsText("0 2 * * *", london("2024-03-31T00:30"), 2))
                .containsExactly("2024-03-31T02:00+01:00", "2024-04-01T02:00+01:00");
        }

        @Test
        void repeatedTimeFiresOnceWhenTheHourIsFixed() {
            assertThat(firesAsText("30 1 * * *", london("2024-10-26T12:00"), 3))
                .containsExactly("2024-10-27T01:30+01:00", "2024-10-28T01:30Z", "2024-10-29T01:30Z");
            // asked from inside the second pass, the 01:30 has already been and gone
            ZonedDateTime secondPass = london("2024-10-27T01:10").withLaterOffsetAtOverlap();
            assertThat(secondPass.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(CronExpression.parse("30 1 * * *").next(secondPass)).isEqualTo(utc("2024-10-28T01:30")
                .withZoneSameInstant(LONDON));
            assertThat(firesAsText("*/20 1 * * *", london("2024-10-27T01:30"), 3))
                .containsExactly("2024-10-27T01:40+01:00", "2024-10-28T01:00Z", "2024-10-28T01:20Z");
        }

        @Test
        void repeatedHourRunsAgainWhenTheHourIsStar() {
            assertThat(firesAsText("@hourly", london("2024-10-26T23:30"), 4)).containsExactly(
                "2024-10-27T00:00+01:00", "2024-10-27T01:00+01:00", "2024-10-27T01:00Z", "2024-10-27T02:00Z");
            List<ZonedDateTime> halfHours = fires("*/30 * * * *", london("2024-10-27T00:50"), 5);
            assertThat(halfHours.stream().map(z -> z.toOffsetDateTime().toString())).containsExactly(
                "2024-10-27T01:00+01:00", "2024-10-27T01:30+01:00", "2024-10-27T01:00Z", "2024-10-27T01:30Z",
                "2024-10-27T02:00Z");
            for (int i = 1; i < halfHours.size(); i++) {
                assertThat(Duration.between(halfHours.get(i - 1), halfHours.get(i))).isEqualTo(Duration.ofMinutes(30));
            }
        }

        @Test
        void fromInsideTheFirstPassTheNextEarlierTimeComesFirst() {
            // 01:45 BST, then 01:50 BST is sooner than the repeated 01:00 GMT
            assertThat(firesAsText("*/5 * * * *", london("2024-10-27T01:45"), 4)).containsExactly(
                "2024-10-27T01:50+01:00", "2024-10-27T01:55+01:00", "2024-10-27T01:00Z", "2024-10-27T01:05Z");
        }

        @Test
        void fromInsideTheSecondPassStarHourCarriesOn() {
            ZonedDateTime secondPass = london("2024-10-27T01:10").withLaterOffsetAtOverlap();
            assertThat(CronExpression.parse("*/15 * * * *").next(secondPass).toOffsetDateTime())
                .hasToString("2024-10-27T01:15Z");
        }

        @Test
        void dailyJobAcrossAWholeYearFiresOncePerDay() {
            List<ZonedDateTime> times = fires("30 1 * * *", london("2023-12-31T12:00"), 366);
            assertThat(times).extracting(ZonedDateTime::toLocalDate).doesNotHaveDuplicates();
            assertThat(times.get(365).toLocalDate()).hasToString("2024-12-31");
            assertThat(times).filteredOn(z -> z.getHour() != 1).extracting(ZonedDateTime::toString)
                .containsExactly("2024-03-31T02:00+01:00[Europe/London]");
        }
    }
}
