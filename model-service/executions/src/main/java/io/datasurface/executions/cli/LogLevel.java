package io.datasurface.executions.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Level;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The reference tool's log levels (Python's) and the {@code java.util.logging} level each shows.
 * JUL has nothing above SEVERE, so CRITICAL shows what ERROR shows.
 */
enum LogLevel {
    CRITICAL(Level.SEVERE),
    ERROR(Level.SEVERE),
    WARNING(Level.WARNING),
    INFO(Level.INFO),
    DEBUG(Level.FINE);

    final Level jul;

    LogLevel(Level jul) {
        this.jul = jul;
    }

    /** The name a log line shows for a JUL level. */
    static String nameOf(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARNING"
                : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    static String choices() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Any case; the message lists the choices. */
    static final class Converter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a log level; choose from " + choices());
            }
        }
    }
}
