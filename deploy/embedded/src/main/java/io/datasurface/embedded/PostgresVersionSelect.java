package io.datasurface.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the PostgreSQL version that {@link PostgresExtension} injects. The nearest one wins:
 * on the parameter or field, then the test method, then the test class and its enclosing classes.
 * Without it, {@link PostgresVersion#DEFAULT} (17) is used.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
public @interface PostgresVersionSelect {

    /** @return the PostgreSQL major version */
    PostgresVersion value();
}
