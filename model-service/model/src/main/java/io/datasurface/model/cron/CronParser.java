package io.datasurface.model.cron;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns cron text into a {@link CronSchedule}, or a {@link CronSyntaxException} saying what is wrong. */
final class CronParser {

    static final String FIELD_NAMES = "minute hour day-of-month month day-of-week";

    private static final String FORMS = "*, N, A-B, */S, A-B/S or N/S, or a comma-separated list of these";

    private static final Map<String, String> MACROS = new LinkedHashMap<>();

    static {
        MACROS.put("@yearly", "0 0 1 1 *");
        MACROS.put("@annually", "0 0 1 1 *");
        MACROS.put("@monthly", "0 0 1 * *");
        MACROS.put("@weekly", "0 0 * * 0");
        MACROS.put("@daily", "0 0 * * *");
        MACROS.put("@midnight", "0 0 * * *");
        MACROS.put("@hourly", "0 * * * *");
    }

    private CronParser() {
    }

    static CronSchedule parse(String text) {
        String what = "; expected 5 fields (" + FIELD_NAMES + ") or a macro such as @daily";
        if (text == null) {
            throw new CronSyntaxException("cron expression is null" + what);
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new CronSyntaxException("cron expression is empty" + what);
        }
        String[] fields = trimmed.split("\\s+");
        if (fields[0].startsWith("@")) {
            fields = expandMacro(fields, trimmed);
        }
        if (fields.length != 5) {
            throw new CronSyntaxException(
                    "expected 5 fields (" + FIELD_NAMES + "), got " + fields.length);
        }
        CronSchedule schedule = new CronSchedule(
                parseField(CronField.MINUTE, fields[0]),
                parseField(CronField.HOUR, fields[1]),
                parseField(CronField.DAY_OF_MONTH, fields[2]),
                parseField(CronField.MONTH, fields[3]),
                parseField(CronField.DAY_OF_WEEK, fields[4]),
                !fields[2].equals("*"),
                !fields[4].equals("*"),
                fields[1].equals("*"));
        checkCanFire(schedule, fields[2], fields[3]);
        return schedule;
    }

    private static String[] expandMacro(String[] fields, String trimmed) {
        String macro = fields[0];
        if (fields.length > 1) {
            throw new CronSyntaxException("macro '" + macro + "' must be the whole expression, but it is followed by '"
                    + trimmed.substring(macro.length()).strip() + "'");
        }
        String expansion = MACROS.get(macro.toLowerCase(Locale.ROOT));
        if (expansion != null) {
            return expansion.split(" ");
        }
        String known = "; expected one of " + String.join(", ", MACROS.keySet());
        if (macro.equalsIgnoreCase("@reboot")) {
            throw new CronSyntaxException("@reboot is not supported as it has no time to fire at" + known);
        }
        throw new CronSyntaxException("unknown macro '" + macro + "'" + known);
    }

    /** Rejects a day-of-month that no month in the month field has, when it alone decides the day. */
    private static void checkCanFire(CronSchedule schedule, String dayText, String monthText) {
        if (schedule.domRestricted && schedule.dowRestricted) {
            return; // either may match, and every month has every weekday
        }
        int firstDay = Long.numberOfTrailingZeros(schedule.days);
        int longest = 0;
        Month only = null;
        for (Month month : Month.values()) {
            if (CronSchedule.has(schedule.months, month.getValue())) {
                only = longest == 0 ? month : null;
                longest = Math.max(longest, month.maxLength());
            }
        }
        if (firstDay > longest) {
            String why = only != null
                    ? only.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " has at most " + longest + " days"
                    : "those months have at most " + longest + " days";
            throw new CronSyntaxException("expression never fires: day-of-month '" + dayText
                    + "' does not occur in month '" + monthText + "' (" + why + ")");
        }
    }

    private static long parseField(CronField field, String text) {
        long mask = 0;
        for (String element : text.split(",", -1)) {
            if (element.isEmpty()) {
                throw new CronSyntaxException(field.label + " field '" + text
                        + "' has an empty list element (check for stray commas); expected " + FORMS);
            }
            mask |= parseElement(field, text, element);
        }
        return mask;
    }

    private static long parseElement(CronField field, String text, String element) {
        String base = element;
        int step = 1;
        int slash = element.indexOf('/');
        if (slash >= 0) {
            base = element.substring(0, slash);
            step = parseStep(field, text, element, element.substring(slash + 1));
            if (base.isEmpty()) {
                throw invalid(field, text, element);
            }
        }
        int low;
        int high;
        int dash = base.indexOf('-');
        if (base.equals("*")) {
            low = field.min;
            high = field.openEnd();
        } else if (dash < 0) {
            low = parseValue(field, text, element, base);
            high = slash >= 0 ? Math.max(low, field.openEnd()) : low;
        } else {
            String start = base.substring(0, dash);
            String end = base.substring(dash + 1);
            if (start.isEmpty() || end.isEmpty()) {
                throw invalid(field, text, element);
            }
            low = parseValue(field, text, element, start);
            high = parseValue(field, text, element, end);
            if (field == CronField.DAY_OF_WEEK && high == 0 && low > 0 && end.equalsIgnoreCase("SUN")) {
                high = 7; // FRI-SUN reads naturally as Friday to Sunday
            }
            if (low > high) {
                throw new CronSyntaxException(where(field, text) + "range start " + start
                        + " is after its end " + end + "; wrap-around ranges are not supported, write "
                        + span(low, field.openEnd()) + "," + span(field.min, high) + " instead");
            }
        }
        long mask = 0;
        for (int value = low; value <= high; value += step) {
            mask |= 1L << (field == CronField.DAY_OF_WEEK && value == 7 ? 0 : value);
        }
        return mask;
    }

    private static int parseStep(CronField field, String text, String element, String stepText) {
        if (stepText.isEmpty()) {
            throw new CronSyntaxException(where(field, text) + "step is missing after '/' in '"
                    + element + "'; expected " + FORMS);
        }
        if (!isNumber(stepText)) {
            throw new CronSyntaxException(where(field, text) + "step '" + stepText + "' in '" + element
                    + "' is not a whole number");
        }
        int step = toInt(stepText);
        if (step == 0) {
            throw new CronSyntaxException(where(field, text) + "step in '" + element
                    + "' must be at least 1, got 0");
        }
        if (step > field.valueCount()) {
            throw new CronSyntaxException(where(field, text) + "step " + stepText + " in '" + element
                    + "' is larger than the " + field.valueCount() + " values of the field ("
                    + field.min + "-" + field.openEnd() + ")");
        }
        return step;
    }

    private static int parseValue(CronField field, String text, String element, String token) {
        if (isNumber(token)) {
            int value = toInt(token);
            if (value < field.min || value > field.max) {
                throw new CronSyntaxException(token.equals(text)
                        ? field.label + " field '" + text + "' is out of range " + field.range()
                        : field.label + " field '" + text + "': value " + token + " is out of range "
                                + field.range());
            }
            return value;
        }
        if (field.hasNames() && token.chars().allMatch(Character::isLetter)) {
            int value = field.valueOfName(token);
            if (value < 0) {
                throw new CronSyntaxException(where(field, text) + "unknown " + field.label + " name '"
                        + token + "'; expected " + field.accepted());
            }
            return value;
        }
        throw invalid(field, text, element);
    }

    private static CronSyntaxException invalid(CronField field, String text, String element) {
        String quartz = element.toUpperCase(Locale.ROOT).matches(".*[?#].*|\\d*L|\\d+W|LW")
                ? " (Quartz-style ?, L, W and # are not supported)"
                : "";
        String what = element.equals(text)
                ? field.label + " field '" + text + "' is not valid"
                : field.label + " field '" + text + "': '" + element + "' is not valid";
        return new CronSyntaxException(what + quartz + "; expected " + FORMS + ", with values " + field.accepted());
    }

    private static String where(CronField field, String text) {
        return field.label + " field '" + text + "': ";
    }

    private static String span(int low, int high) {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }

    private static boolean isNumber(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Parses ASCII digits; anything too long to matter is reported as {@link Integer#MAX_VALUE}. */
    private static int toInt(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
