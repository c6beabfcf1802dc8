package io.datasurface.executions.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * For one command: sends the log of this library, Flyway and the PostgreSQL driver to the command's
 * error stream at the chosen level, as {@code LEVEL logger: message}, with passwords replaced.
 * Standard output carries only the command's result. {@link #close()} restores the previous setup.
 */
final class StderrLog implements AutoCloseable {
    /** Strong references: JUL forgets the level of a logger nobody holds. */
    private static final List<Logger> LOGGERS = List.of(Logger.getLogger("io.datasurface"),
            Logger.getLogger("io.datasurface.migrations"), // its own level when the datasurface command quiets it
            Logger.getLogger("org.flywaydb"), Logger.getLogger("org.postgresql"));

    private final Handler handler;
    private final List<Level> levels = new ArrayList<>();
    private final List<Boolean> parentHandlers = new ArrayList<>();

    private StderrLog(Handler handler) {
        this.handler = handler;
    }

    static StderrLog install(LogLevel level, PrintWriter err, Secrets secrets) {
        StderrLog log = new StderrLog(new LineHandler(err, secrets, level == LogLevel.DEBUG));
        log.handler.setLevel(level.jul);
        for (Logger logger : LOGGERS) {
            log.levels.add(logger.getLevel());
            log.parentHandlers.add(logger.getUseParentHandlers());
            logger.setLevel(level.jul);
            logger.setUseParentHandlers(false);
            logger.addHandler(log.handler);
        }
        return log;
    }

    @Override
    public void close() {
        for (int i = 0; i < LOGGERS.size(); i++) {
            Logger logger = LOGGERS.get(i);
            logger.removeHandler(handler);
            logger.setLevel(levels.get(i));
            logger.setUseParentHandlers(parentHandlers.get(i));
        }
        handler.flush();
    }

    private static final class LineHandler extends Handler {
        private final PrintWriter err;
        private final Secrets secrets;
        private final boolean traces;
        private final Formatter formatter = new SimpleFormatter();

        LineHandler(PrintWriter err, Secrets secrets, boolean traces) {
            this.err = err;
            this.secrets = secrets;
            this.traces = traces;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            StringBuilder line = new StringBuilder(LogLevel.nameOf(record.getLevel())).append(' ')
                    .append(record.getLoggerName()).append(": ").append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                if (traces) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
                } else {
                    line.append(": ").append(record.getThrown());
                }
            }
            synchronized (err) {
                err.println(secrets.redact(line.toString()));
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
