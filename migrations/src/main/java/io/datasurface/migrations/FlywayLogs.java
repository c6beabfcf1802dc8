package io.datasurface.migrations;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Sends Flyway's log to {@code java.util.logging} whatever else is on the class path (Flyway would
 * pick an SLF4J API that has no provider and log nowhere), so that one logging setup controls it.
 */
final class FlywayLogs implements LogCreator {
    @Override
    public Log createLogger(Class<?> clazz) {
        Logger logger = Logger.getLogger(clazz.getName());
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return logger.isLoggable(Level.FINE);
            }

            @Override
            public void debug(String message) {
                logger.fine(message);
            }

            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warn(String message) {
                logger.warning(message);
            }

            @Override
            public void error(String message) {
                logger.severe(message);
            }

            @Override
            public void error(String message, Exception e) {
                logger.log(Level.SEVERE, message, e);
            }

            @Override
            public void notice(String message) {
                logger.info(message);
            }
        };
    }
}
